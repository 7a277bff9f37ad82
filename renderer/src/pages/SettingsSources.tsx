import { useState, type FormEvent } from 'react'
import type { SettingsResult, SourceInfo } from '../../../shared/contract'
import { useAction } from './use-action'

const ORIGIN: Record<SourceInfo['origin'], string> = {
  default: 'standard folder',
  added: 'added by you',
  'command-line': '--root',
  stored: 'no longer read (data kept)',
}

function SourceRow({ s }: { s: SourceInfo }) {
  const [label, setLabel] = useState(s.label)
  const [confirming, setConfirming] = useState(false)
  const { run, view } = useAction()
  return (
    <tr>
      <td>
        <code>{s.path}</code>
        {!s.exists && <span className="warn"> (missing)</span>}
        {view}
      </td>
      <td>
        <input
          aria-label={`Label of ${s.path}`}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          onBlur={() =>
            label.trim() &&
            label !== s.label &&
            void run('updateSource', { path: s.path, label }, 'Label saved.')
          }
        />
      </td>
      <td>{ORIGIN[s.origin]}</td>
      <td className="num">{s.files.toLocaleString()}</td>
      <td>
        {s.origin === 'added' || s.origin === 'stored' ? (
          <>
            {s.origin === 'added' && (
              <label>
                <input
                  type="checkbox"
                  checked={s.watch}
                  onChange={(e) =>
                    void run(
                      'updateSource',
                      { path: s.path, watch: e.target.checked },
                      e.target.checked ? 'Watching.' : 'Imported once; not watched.',
                    )
                  }
                />{' '}
                watch
              </label>
            )}{' '}
            {confirming ? (
              <span role="group" aria-label={`Remove ${s.path}`} className="confirm">
                <span className="warn small">
                  Delete everything read from this folder ({s.files.toLocaleString()} files)? Other folders
                  are read again, so what they also hold stays, except copies only in transcripts since
                  deleted.
                </span>{' '}
                <button
                  type="button"
                  data-testid="remove-with-data"
                  onClick={() =>
                    void run(
                      'updateSource',
                      { path: s.path, remove: true, deleteData: true },
                      'Folder removed and its data deleted.',
                    )
                  }
                >
                  Remove and delete its data
                </button>{' '}
                {s.origin === 'added' && (
                  <button
                    type="button"
                    onClick={() =>
                      void run('updateSource', { path: s.path, remove: true }, 'Folder removed; data kept.')
                    }
                  >
                    Stop reading, keep data
                  </button>
                )}{' '}
                <button type="button" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </span>
            ) : (
              <button type="button" data-testid="remove-source" onClick={() => setConfirming(true)}>
                {s.origin === 'added' ? 'Remove…' : 'Delete its data…'}
              </button>
            )}
          </>
        ) : (
          'watched'
        )}
      </td>
    </tr>
  )
}

/** Sources in use, where we looked by default, and adding a folder (a ~/.claude copy, projects/, or .jsonl files). */
export function Sources({ r }: { r: SettingsResult }) {
  const [path, setPath] = useState('')
  const [label, setLabel] = useState('')
  const [watch, setWatch] = useState(true)
  const { run, view } = useAction()
  const add = async (e: FormEvent) => {
    e.preventDefault()
    if (
      await run(
        'addSource',
        { path: path.trim(), ...(label.trim() ? { label: label.trim() } : {}), watch },
        'Folder added; reading it now.',
      )
    )
      setPath('')
  }
  return (
    <>
      {r.sources.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="sources">
            <thead>
              <tr>
                <th>Folder</th>
                <th>Label</th>
                <th>Origin</th>
                <th className="num">Files</th>
                <th>Mode</th>
              </tr>
            </thead>
            <tbody>
              {r.sources.map((s) => (
                <SourceRow key={s.path} s={s} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No transcript folders yet.</p>
      )}
      <p className="muted">
        Standard folders looked at:{' '}
        {r.defaultRoots.map((d) => `${d.path}${d.exists ? '' : ' (not found)'}`).join(', ')}
      </p>
      <form className="form inline" onSubmit={(e) => void add(e)} aria-label="Add a folder">
        <label>
          Folder path
          <input
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/path/to/.claude or a folder of .jsonl files"
            size={40}
            required
          />
        </label>
        <label>
          Label
          <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="the folder name" />
        </label>
        <label>
          <input type="checkbox" checked={watch} onChange={(e) => setWatch(e.target.checked)} /> keep watching
        </label>
        <button type="submit">Add folder</button>
      </form>
      {view}
    </>
  )
}
