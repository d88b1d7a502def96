import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

/**
 * One ECharts chart, from `echarts/core` with only the pieces the dashboards draw (bars and lines,
 * axes, legend, tooltip) so the page's chunk stays small; imported by lazily loaded pages only, so
 * ECharts is never in the first-load bundle. Drawn as SVG: crisp in screenshots and print, and it
 * works without a canvas (component tests in jsdom). The chart is one image to assistive technology
 * (role img with a label); its figures are in the table view beside it.
 */
use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
}

export function EChart({ option, label, onClick, height = 300, testId }: { option: ChartOption; label: string; onClick?: (at: ChartClick) => void; height?: number; testId?: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const instance = init(element.current!, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (p) => click.current?.({ seriesIndex: p.seriesIndex ?? 0, dataIndex: p.dataIndex }));
    // The chart follows its box: a window resize or the side menu folding changes its width.
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => instance.resize());
    observer?.observe(element.current!);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={element} role="img" aria-label={label} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} data-testid={testId} />;
}
