/**
 * Cuts a bundle's source map down to our own code. The functions run with
 * NODE_OPTIONS=--enable-source-maps, and Node reads and parses every loaded chunk's map at import
 * (not when an error is printed): a map that also covers the AWS SDK, exceljs, … costs cold-start
 * time in proportion to its size and number of sources, for frames nobody reads in CloudWatch.
 * Frames in our code keep their file:line:column; frames in dependencies show the chunk's position.
 *
 * Source map v3 `mappings`: lines separated by ';', segments by ','; each segment is 1, 4 or 5
 * base-64 VLQ fields (generated column, source, original line, original column, name), each
 * relative to the previous segment's (the column only within a line). A dropped segment is
 * replaced by a 1-field segment (mapped to nothing) so that our previous segment does not extend
 * over the dependency's code.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

function decodeSegment(s: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of s) {
    const d = B64_INDEX.get(ch);
    if (d === undefined) throw new Error(`invalid base-64 VLQ character '${ch}' in source map`);
    value += (d & 31) << shift;
    if (d & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

function encode(n: number): string {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let s = '';
  do {
    let d = v & 31;
    v >>>= 5;
    if (v) d |= 32;
    s += B64[d];
  } while (v);
  return s;
}

export interface RawSourceMap {
  version: number;
  sources: string[];
  names: string[];
  mappings: string;
  sourceRoot?: string;
  sourcesContent?: (string | null)[];
  file?: string;
}

/**
 * The map restricted to the sources `keep` accepts, with sources renamed by `rename`; undefined
 * when no mapping into a kept source remains (the chunk is dependencies only: ship no map).
 */
export function trimSourceMap(map: RawSourceMap, keep: (source: string) => boolean, rename: (source: string) => string = (s) => s): RawSourceMap | undefined {
  const newSource = new Map<number, number>();
  const sources: string[] = [];
  map.sources.forEach((s, i) => {
    if (keep(s)) {
      newSource.set(i, sources.length);
      sources.push(rename(s));
    }
  });
  if (sources.length === 0) return undefined;

  const newName = new Map<number, number>();
  const names: string[] = [];
  // Absolute values of the fields carried from segment to segment (input and output).
  let src = 0, line = 0, col = 0, name = 0;
  let oSrc = 0, oLine = 0, oCol = 0, oName = 0;
  let kept = 0;
  const lines = map.mappings.split(';').map((text) => {
    let genCol = 0;
    let oGenCol = 0;
    let lastWasEmpty = true; // at a line start nothing is mapped yet
    const out: string[] = [];
    for (const seg of text ? text.split(',') : []) {
      const f = decodeSegment(seg);
      genCol += f[0];
      let mapped: number | undefined;
      if (f.length >= 4) {
        src += f[1];
        line += f[2];
        col += f[3];
        if (f.length >= 5) name += f[4];
        mapped = newSource.get(src);
      }
      if (mapped === undefined) {
        if (lastWasEmpty) continue;
        out.push(encode(genCol - oGenCol));
        oGenCol = genCol;
        lastWasEmpty = true;
        continue;
      }
      let s = encode(genCol - oGenCol) + encode(mapped - oSrc) + encode(line - oLine) + encode(col - oCol);
      oGenCol = genCol;
      oSrc = mapped;
      oLine = line;
      oCol = col;
      if (f.length >= 5) {
        let n = newName.get(name);
        if (n === undefined) {
          n = names.length;
          newName.set(name, n);
          names.push(map.names[name]);
        }
        s += encode(n - oName);
        oName = n;
      }
      out.push(s);
      kept++;
      lastWasEmpty = false;
    }
    return out.join(',');
  });
  if (kept === 0) return undefined;
  return { version: 3, sources, names, mappings: lines.join(';') };
}
