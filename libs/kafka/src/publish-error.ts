/**
 * A publish that failed. `mayBePublished` false: none of its messages was handed to Kafka, and none
 * will be. True: some may be on the topic (a part was acknowledged, or a request with them failed or
 * was still in flight), so the caller must treat the outcome as unknown.
 */
export class PublishError extends Error {
  readonly mayBePublished: boolean;
  /**
   * Set when the publish timed out while its last part was in flight: resolves true if Kafka
   * acknowledged that request after all (then every message of the publish is on the topic).
   */
  readonly lateOutcome?: Promise<boolean>;

  constructor(message: string, options: { cause?: unknown; mayBePublished?: boolean; lateOutcome?: Promise<boolean> } = {}) {
    super(message, { cause: options.cause });
    this.name = 'PublishError';
    this.mayBePublished = options.mayBePublished ?? false;
    this.lateOutcome = options.lateOutcome;
  }
}

/** A message that can never fit a produce request; nothing of its publish was sent. */
export class MessageTooLargeError extends PublishError {
  constructor(
    readonly index: number,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`message ${index} takes about ${bytes} bytes, more than the ${limit} a partition takes in one request`);
    this.name = 'MessageTooLargeError';
  }
}
