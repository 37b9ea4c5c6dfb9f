/** Downloads the whole audit chain as NDJSON or CSV, page by page, following `Link: rel="next"`. */
import type { ApiClient } from '../api.ts';

const MAX_PAGES = 1_000;

export async function exportChain(api: ApiClient, format: 'ndjson' | 'csv'): Promise<Blob> {
  const parts: string[] = [];
  let after: number | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await api.GET('/v1/audit/export', {
      params: { query: { format, ...(after === undefined ? {} : { after }) } },
      parseAs: 'text',
    });
    if (result.error !== undefined || result.data === undefined) throw new Error(`The export failed (HTTP ${result.response.status})`);
    // The API heads only the first CSV page with the header row.
    parts.push(result.data as string);
    const next = /[?&]after=(\d+)[^>]*>;\s*rel="next"/.exec(result.response.headers.get('link') ?? '');
    if (next === null) break;
    after = Number(next[1]);
  }
  return new Blob(parts, { type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' });
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
