/** The bill of a run, line by line, scaled to a million alerts; which line dominates; whether it meets the aim. */

export interface CostLine {
  readonly line: string;
  /** How much of it the run used, in `unit`s. */
  readonly quantity: number;
  readonly unit: string;
  readonly usdPerUnit: number;
  /** The list price as the pricing page gives it, e.g. `$1.00 / M`. */
  readonly price: string;
}

export interface CostSummary {
  readonly usdPerMillionAlerts: number;
  readonly dominant: string;
  readonly meetsAim: boolean;
}

function quantity(value: number): string {
  if (value >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** Prints the table and the total per million alerts; returns the figures. */
export function printCostTable(lines: readonly CostLine[], alerts: number, aimUsdPerMillionAlerts: number): CostSummary {
  const perMillion = 1_000_000 / alerts;
  const costs = lines.map((line) => line.quantity * line.usdPerUnit);
  const total = costs.reduce((sum, cost) => sum + cost, 0);
  const top = Math.max(...costs);
  const dominant = lines[costs.indexOf(top)]?.line ?? '';
  console.table(
    Object.fromEntries(
      lines.map((line, i) => {
        const cost = costs[i] ?? 0;
        const row = {
          'quantity (run)': `${quantity(line.quantity)} ${line.unit}`,
          'unit price': line.price,
          'cost (run) $': Number(cost.toFixed(6)),
          '$ / M alerts': Number((cost * perMillion).toFixed(4)),
          share: `${total === 0 ? '0.0' : ((100 * cost) / total).toFixed(1)} %`,
          '': cost === top && top > 0 ? '◀ dominates' : '',
        };
        return [line.line, row];
      }),
    ),
  );
  const usdPerMillionAlerts = total * perMillion;
  const meetsAim = usdPerMillionAlerts <= aimUsdPerMillionAlerts;
  console.log(
    `total: $${total.toFixed(6)} for ${alerts.toLocaleString('en-US')} alerts = $${usdPerMillionAlerts.toFixed(2)} per million alerts — ` +
      `aim ≤ $${aimUsdPerMillionAlerts.toFixed(2)}: ${meetsAim ? 'met' : 'NOT met'}; dominated by ${dominant}`,
  );
  return { usdPerMillionAlerts, dominant, meetsAim };
}
