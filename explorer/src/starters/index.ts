/** The five starter notebooks (issue 5 §2), in the order of the starter bar. */
import { parseNotebook } from '../notebook/serialize.ts';
import type { Notebook } from '../notebook/types.ts';
import trend from './xu-huong.json' with { type: 'json' };
import compare from './so-sanh-tinh.json' with { type: 'json' };
import board from './dat-chua-dat.json' with { type: 'json' };
import merger from './sap-nhap-2025.json' with { type: 'json' };
import pair from './hai-chi-tieu.json' with { type: 'json' };

export const STARTER_ORDER = ['xu-huong', 'so-sanh-tinh', 'dat-chua-dat', 'sap-nhap-2025', 'hai-chi-tieu'];

export const STARTERS: Record<string, Notebook> = Object.fromEntries(
  [trend, compare, board, merger, pair].map((nb) => {
    const parsed = parseNotebook(nb);
    return [parsed.starter!, parsed];
  }),
);
