/**
 * Run by tests/backfill-resume.test.ts in a child process (jiti): opens the store given as argv[2]
 * with tiny chunks, and SIGKILLs itself once argv[3] chunks of the upgrade committed (a kill -9 mid-way).
 */
import { chunkSizes } from '../../electron/core/store/backfill-range'
import { openDb } from '../../electron/core/store/db'

const [file, killAfter] = [process.argv[2]!, Number(process.argv[3])]
chunkSizes.sessions = 3
chunkSizes.days = 2
let first = -1
openDb(file, {
  onUpgrade: (p) => {
    if (first < 0) first = p.chunksDone
    if (p.chunksDone - first >= killAfter) process.kill(process.pid, 'SIGKILL')
  },
}).close()
