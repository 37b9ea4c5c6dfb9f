/**
 * A stacked bar chart (Chart.js on a canvas) with the same figures as a table beside it: the
 * canvas is one picture for sighted users, the table is what screen readers and keyboards read,
 * and the legend names every colour, so colour is never the only signal.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series {
  readonly label: string;
  readonly values: readonly number[];
  readonly color: string;
}

export function BarChart(props: { title: string; labels: readonly string[]; series: readonly Series[]; horizontal?: boolean }) {
  const { title, labels, series, horizontal = false } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | undefined>(undefined);

  useEffect(() => {
    const element = canvas.current;
    if (element === null) return;
    chart.current = new Chart(element, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        // Figures to read, not a show: no animation, so what is drawn is what the data says at once.
        animation: false,
        // Counts: whole numbers on the value axis (the category axis takes no precision).
        scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.current?.destroy();
  }, [horizontal]);

  useEffect(() => {
    const current = chart.current;
    if (current === undefined) return;
    current.data.labels = [...labels];
    current.data.datasets = series.map((item) => ({ label: item.label, data: [...item.values], backgroundColor: item.color }));
    current.update();
  }, [labels, series]);

  const total = series.reduce((sum, item) => sum + item.values.reduce((a, b) => a + b, 0), 0);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class={horizontal ? 'chart-canvas short' : 'chart-canvas'}>
        <canvas ref={canvas} role="img" aria-label={`${title}: ${total} in all; the table below has the figures`} />
      </div>
      <details>
        <summary>Figures as a table</summary>
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{horizontal ? 'Name' : 'Period'}</th>
                {series.map((item) => (
                  <th scope="col" key={item.label}>
                    {item.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((label, index) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {series.map((item) => (
                    <td key={item.label}>{item.values[index] ?? 0}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
