/** A comparison that cannot run as asked (no closed period, a bad label or as_of): said in both languages. */
export class CompareError extends Error {
  constructor(readonly message_vi: string, readonly message_en: string) {
    super(`${message_vi} / ${message_en}`);
  }
}
