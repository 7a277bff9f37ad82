import { useQuery } from '../api/query'
import { useFmt } from './fmt'

/** The store's last failure (full disk, lock, corruption, read-only), from Health, on every page. */
export function StoreErrorBanner() {
  const fmt = useFmt()
  const err = useQuery('health', {}).data?.storeError
  if (!err) return null
  return (
    <div className="progress-banner store-error" role="alert" data-testid="store-error">
      Observatory cannot use its store ({err.kind}, {fmt.dateTime(err.at)}): {err.message}.{' '}
      <a href="#/health">Health</a>
    </div>
  )
}
