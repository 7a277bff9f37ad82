import type { Statement } from 'better-sqlite3'
import type { Db } from '../../electron/core/store/db'

/** What the code under test asked SQLite for: statements run and rows handed back. */
export interface SqlWork {
  statements: number
  rows: number
}

const RUNS = new Set(['all', 'get', 'iterate', 'run'])
/** Statement methods that return the statement itself, so the proxy must stay in the chain. */
const CHAINED = new Set(['pluck', 'raw', 'expand', 'safeIntegers', 'bind'])

function countingStatement(stmt: Statement, work: SqlWork): Statement {
  return new Proxy(stmt, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown
      if (typeof v !== 'function' || typeof key !== 'string') return v
      const f = v as (...a: unknown[]) => unknown
      if (CHAINED.has(key))
        return (...a: unknown[]) => {
          f.apply(target, a)
          return receiver as Statement
        }
      if (!RUNS.has(key)) return f.bind(target)
      return (...a: unknown[]) => {
        work.statements++
        const r = f.apply(target, a)
        if (key === 'all') work.rows += (r as unknown[]).length
        else if (key === 'get') work.rows += r === undefined ? 0 : 1
        else if (key === 'iterate')
          return (function* () {
            for (const row of r as Iterable<unknown>) {
              work.rows++
              yield row
            }
          })()
        return r
      }
    },
  })
}

/**
 * `db` with every statement it prepares counted: a deterministic measure of how much SQL a request
 * runs (pragmas and `exec` count as one statement each), for tests that bound work instead of time.
 */
export function countingDb(db: Db): { db: Db; work: SqlWork } {
  const work: SqlWork = { statements: 0, rows: 0 }
  const counted = new Proxy(db, {
    get(target, key) {
      const v = Reflect.get(target, key, target) as unknown
      if (typeof v !== 'function') return v
      const f = v as (...a: unknown[]) => unknown
      if (key === 'prepare') return (sql: string) => countingStatement(target.prepare(sql), work)
      if (key === 'pragma' || key === 'exec')
        return (...a: unknown[]) => {
          work.statements++
          return f.apply(target, a)
        }
      return f.bind(target)
    },
  })
  return { db: counted, work }
}
