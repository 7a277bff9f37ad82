import type { ApiResult } from '../../shared/contract'
import { saveDialogOptions, shellRequest } from './export-dialog'
import { isTrustedSender, type AppOrigin } from './security'

/** What answering one contract request over IPC needs from the shell. */
export interface IpcDeps {
  origin: AppOrigin
  relay: (name: string, args: unknown) => Promise<ApiResult<unknown>>
  /** The native save dialog (for the sending window); a path, or canceled. */
  showSaveDialog: (
    opts: ReturnType<typeof saveDialogOptions>,
  ) => Promise<{ canceled: boolean; filePath?: string }>
  downloads: () => string
  sep: string
  log: (msg: string) => void
  now?: () => Date
}

/**
 * One IPC request: answered only for our page's top frame; an export is validated, loses any path
 * the page sent and asks the save dialog where to go (cancel answers { path: null }). Never rejects:
 * a failure answers {ok: false, error}.
 */
export async function answerIpc(
  deps: IpcDeps,
  frame: { url: string; parent: unknown } | null | undefined,
  name: string,
  args: unknown,
): Promise<ApiResult<unknown>> {
  if (!isTrustedSender(frame, deps.origin)) {
    deps.log(`refused ${name} from ${frame?.url ?? 'a closed frame'}`)
    return { ok: false, error: { code: 'unauthorized', message: 'not sent by the Observatory window' } }
  }
  try {
    const req = shellRequest(name, args)
    if (req.kind === 'relay') return await deps.relay(name, req.args)
    if (req.kind === 'invalid') return req.result
    const opts = saveDialogOptions(req.save, (deps.now ?? (() => new Date()))(), deps.downloads(), deps.sep)
    const choice = await deps.showSaveDialog(opts)
    if (choice.canceled || !choice.filePath) return { ok: true, value: { path: null, bytes: 0 } }
    return await deps.relay(name, { ...req.args, path: choice.filePath })
  } catch (err) {
    deps.log(`${name} failed in the shell: ${(err as Error).message}`)
    return { ok: false, error: { code: 'internal', message: `${name} failed: ${(err as Error).message}` } }
  }
}
