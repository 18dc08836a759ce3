/**
 * JSON with one list written an item per line (the other fields as `JSON.stringify(…, null, 2)`
 * writes them): a regenerated file then shows in a diff as the items that changed, and stays
 * readable. Used by the builders of data-schemas/units.json and of the generated unit name index.
 */
export function jsonOnePerLine(head: Record<string, unknown>, listKey: string, list: readonly unknown[]): string {
  if (listKey in head) throw new Error(`${listKey} is both a field and the list`);
  const headText = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  const items = list.map((item) => '    ' + JSON.stringify(item)).join(',\n');
  return `${headText},\n  ${JSON.stringify(listKey)}: [\n${items}\n  ]\n}\n`;
}
