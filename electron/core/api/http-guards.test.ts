import { describe, expect, it } from 'vitest'
import { hostAllowed, loggableTarget, MIN_TOKEN_LENGTH, newToken, tokenMatches } from './http-guards'

describe('tokenMatches', () => {
  const token = newToken()
  it('accepts exactly the token: not a prefix, an extension, another length, or none', () => {
    expect(token.length).toBeGreaterThanOrEqual(MIN_TOKEN_LENGTH)
    expect(tokenMatches(token, token)).toBe(true)
    for (const other of [
      null,
      '',
      token.slice(0, -1),
      `${token}x`,
      token.toUpperCase(),
      'x'.repeat(token.length),
    ])
      if (other !== token) expect(tokenMatches(other, token), String(other)).toBe(false)
  })
  it('an empty token never matches a missing one', () => {
    expect(tokenMatches(null, '')).toBe(false)
  })
})

describe('hostAllowed', () => {
  it('accepts the loopback names with the listening port only', () => {
    for (const h of ['127.0.0.1:4317', 'localhost:4317', 'LocalHost:4317', '[::1]:4317'])
      expect(hostAllowed(h, 4317), h).toBe(true)
    for (const h of [
      undefined,
      '',
      '127.0.0.1',
      'localhost',
      '127.0.0.1:80',
      'evil.example:4317',
      '[::1]',
      '0.0.0.0:4317',
    ])
      expect(hostAllowed(h, 4317), String(h)).toBe(false)
  })

  it('on port 80 also takes the bare loopback names, as browsers send them', () => {
    for (const h of ['127.0.0.1', 'localhost', '[::1]', 'localhost:80'])
      expect(hostAllowed(h, 80), h).toBe(true)
    for (const h of ['evil.example', 'localhost:4317']) expect(hostAllowed(h, 80), h).toBe(false)
  })
})

describe('loggableTarget', () => {
  it('never writes the token of an event-stream URL', () => {
    const secret = 'abcdefghijklmnopqrstuvwx'
    for (const url of [`/api/events?token=${secret}`, `/api/events?x=1&TOKEN=${secret}#f`])
      expect(loggableTarget(url)).not.toContain(secret)
    expect(loggableTarget('/api/summary')).toBe('"/api/summary"')
  })
})
