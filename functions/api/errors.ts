/** The stable JSON error shape of the query API: { error: { code, message_vi, message_en } }. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 408 | 413 | 415 | 422 | 429 | 500 | 503,
    readonly code: string,
    readonly message_vi: string,
    readonly message_en: string,
  ) {
    super(`${message_vi} / ${message_en}`);
  }

  toJSON() {
    return { error: { code: this.code, message_vi: this.message_vi, message_en: this.message_en } };
  }
}
