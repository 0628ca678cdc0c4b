/** The hub's own series (`switchboard_*`, without the process defaults) from GET /metrics, as `name{labels}`. */
export async function metricSeries(hubUrl: string): Promise<Set<string>> {
  const text = await (await fetch(`${hubUrl}/metrics`)).text();
  const series = new Set<string>();
  for (const line of text.split("\n")) {
    if (!line.startsWith("switchboard_") || line.startsWith("switchboard_process_")) continue;
    series.add(line.slice(0, line.lastIndexOf(" ")));
  }
  return series;
}

/** Every value a label takes across the given series. */
export function labelValues(series: Iterable<string>, label: string): Set<string> {
  const values = new Set<string>();
  const pattern = new RegExp(`[{,]${label}="((?:[^"\\\\]|\\\\.)*)"`);
  for (const s of series) {
    const match = pattern.exec(s);
    if (match?.[1] !== undefined) values.add(match[1]);
  }
  return values;
}
