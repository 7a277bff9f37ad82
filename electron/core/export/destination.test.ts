import { expect, it } from 'vitest'
import { samePath } from './destination'

it('compares store paths without case where the file system ignores it', () => {
  expect(
    samePath('/Users/d/Observatory/observatory.db-wal', '/Users/d/Observatory/OBSERVATORY.DB-WAL', 'darwin'),
  ).toBe(true)
  expect(samePath('C:\\Users\\d\\observatory.db', 'c:\\users\\d\\Observatory.db', 'win32')).toBe(true)
  expect(samePath('/home/d/observatory.db', '/home/d/Observatory.db', 'linux')).toBe(false)
})
