import { echarts } from '../../../shared/charts/register'
import type { EChartsOption } from 'echarts'
import { useEffect, useRef } from 'react'
import { useResolvedTheme } from '../state/theme'

/**
 * The one chart component. Options come from the pure builders in shared/charts; updates merge
 * into the live chart (so zoom and legend choices survive a refresh); a theme switch re-creates it.
 * SVG rendering keeps charts sharp on 4K screens and lets tests read their text.
 */
export function EChart({
  option,
  title,
  height = 320,
}: {
  option: EChartsOption
  title: string
  height?: number
}) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const theme = useResolvedTheme()

  useEffect(() => {
    const c = echarts.init(el.current!, theme === 'dark' ? 'dark' : undefined, { renderer: 'svg' })
    chart.current = c
    const ro = new ResizeObserver(() => c.resize())
    ro.observe(el.current!)
    return () => {
      ro.disconnect()
      c.dispose()
      chart.current = null
    }
  }, [theme])

  useEffect(() => {
    chart.current?.setOption(option, { replaceMerge: ['series'] })
  }, [option, theme])

  return (
    <div ref={el} role="img" aria-label={title} className="chart" style={{ height }} data-chart={title} />
  )
}
