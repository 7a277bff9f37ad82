// better-sqlite3 is a native module: tests run it under Node's ABI, the app under Electron's.
// `node` mode makes sure node_modules holds a Node build (rebuilding from source if needed);
// `electron` mode builds a separate copy for Electron into .native/, which the app loads through
// better-sqlite3's `nativeBinding` option. The two never overwrite each other, so `npm test` and
// `npm start` work in either order.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const require = createRequire(join(root, 'package.json'))
const mode = process.argv[2]

function nodeBuildWorks() {
  const r = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: root,
  })
  return r.status === 0
}

if (mode === 'node') {
  if (!nodeBuildWorks()) {
    console.log('better-sqlite3: building for Node', process.versions.node)
    execFileSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit' })
  }
} else if (mode === 'electron') {
  const version = require('electron/package.json').version
  const target = join(root, '.native', `electron-${version}`, 'better_sqlite3.node')
  if (existsSync(target)) process.exit(0)
  console.log(`better-sqlite3: building for Electron ${version} (once)`)
  const work = join(root, '.native', 'build')
  rmSync(work, { recursive: true, force: true })
  mkdirSync(join(work, 'node_modules'), { recursive: true })
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'native-build', version: '0.0.0' }))
  cpSync(join(root, 'node_modules', 'better-sqlite3'), join(work, 'node_modules', 'better-sqlite3'), {
    recursive: true,
    filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
  })
  const { rebuild } = require('@electron/rebuild')
  await rebuild({ buildPath: work, electronVersion: version, onlyModules: ['better-sqlite3'], force: true })
  mkdirSync(join(target, '..'), { recursive: true })
  cpSync(join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), target)
  rmSync(work, { recursive: true, force: true })
} else {
  console.error('usage: node scripts/native.mjs node|electron')
  process.exit(2)
}
