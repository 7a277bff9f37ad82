import type { Spend } from '../../../shared/contract'
import type { Column } from './DataTable'
import type { useFmt } from './fmt'

/** The cost and tokens columns of any row that carries a Spend (agents, subagents). */
export function spendColumns<R>(fmt: ReturnType<typeof useFmt>, spend: (r: R) => Spend): Column<R>[] {
  return [
    {
      key: 'cost',
      label: 'Cost',
      numeric: true,
      render: (r) => fmt.money(spend(r).cost),
      sort: (r) => spend(r).cost,
    },
    {
      key: 'tokens',
      label: 'Tokens',
      numeric: true,
      render: (r) => fmt.tokens(spend(r).tokens),
      title: (r) => fmt.exact(spend(r).tokens),
      sort: (r) => spend(r).tokens,
    },
  ]
}
