/**
 * The one place where cell strings are repaired before anything reads them. Old workbooks typed
 * in TCVN3 (.VnTime) or VNI fonts store bytes that read as "Ninh B×nh" or "Vieät Nam";
 * fixLegacyString recovers the Unicode text and leaves real Unicode alone.
 */
import { fixLegacyString } from '../encoding/fix-legacy.ts';

export function cellString(s: string): string {
  return fixLegacyString(s);
}
