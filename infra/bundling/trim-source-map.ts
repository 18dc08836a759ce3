/**
 * Cuts a bundle's source map down to our own code. The functions run with
 * NODE_OPTIONS=--enable-source-maps, and Node reads and parses every loaded chunk's map at import
 * (not when an error is printed): a map that also covers the AWS SDK, exceljs, … costs cold-start
 * time in proportion to its size and number of sources, for frames nobody reads in CloudWatch.
 * Frames in our code keep their file:line:column; frames in dependencies show the chunk's position.
 *
 * Segments are [generated column, source, original line, original column, name?] as
 * @jridgewell/sourcemap-codec decodes them (absolute values). A dropped segment is replaced by a
 * 1-field segment (mapped to nothing) so that our previous segment does not extend over the
 * dependency's code.
 */
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';

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
  let kept = 0;
  const lines = decode(map.mappings).map((segments) => {
    const out: SourceMapSegment[] = [];
    let lastWasEmpty = true; // at a line start nothing is mapped yet
    for (const f of segments) {
      const mapped = f.length === 1 ? undefined : newSource.get(f[1]);
      if (f.length === 1 || mapped === undefined) {
        if (!lastWasEmpty) out.push([f[0]]);
        lastWasEmpty = true;
        continue;
      }
      if (f.length === 5) {
        let n = newName.get(f[4]);
        if (n === undefined) {
          n = names.length;
          newName.set(f[4], n);
          names.push(map.names[f[4]]);
        }
        out.push([f[0], mapped, f[2], f[3], n]);
      } else {
        out.push([f[0], mapped, f[2], f[3]]);
      }
      kept++;
      lastWasEmpty = false;
    }
    return out;
  });
  if (kept === 0) return undefined;
  return { version: 3, sources, names, mappings: encode(lines) };
}
