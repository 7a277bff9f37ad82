/**
 * Project identity comes from the `cwd` written in the lines, never from the encoded directory
 * name (which is lossy, claude-code-jsonl.md §1.2). Git worktrees created in the usual places fold
 * into their repository: `<repo>/.claude/worktrees/<name>`, `<repo>/.worktrees/<name>` and
 * `<repo>/.git/worktrees/<name>`.
 */
const WORKTREE =
  /^(.+?)[\\/](?:\.claude[\\/]worktrees|\.worktrees|\.git[\\/]worktrees)[\\/][^\\/]+(?:[\\/].*)?$/

export function projectPath(cwd: string): string {
  let p = cwd.trim()
  const m = WORKTREE.exec(p)
  if (m && m[1]) p = m[1]
  // Drop trailing separators but keep a bare root like "/" or "C:\".
  while (p.length > 1 && /[\\/]$/.test(p) && !/^[A-Za-z]:[\\/]$/.test(p)) p = p.slice(0, -1)
  return p
}

/** Display name: the last path component of the project path. */
export function projectName(path: string): string {
  const parts = path.split(/[\\/]/).filter((s) => s.length > 0)
  return parts.length > 0 ? parts[parts.length - 1]! : path
}
