// Kafka record headers of the topics (api.md "Kafka topics"; contracts/asyncapi.yaml describes them).

/** Headers of every `csc.metrics.v1` record. */
export const METRIC_HEADERS = {
  contentType: 'content-type',
  schema: 'schema',
  figure: 'figure',
} as const;

export const METRIC_CONTENT_TYPE = 'application/json';

/** Additive changes keep this version; a breaking change bumps it (contracts/README.md). */
export const METRIC_SCHEMA_VERSION = 'MetricValue/1';

/**
 * What a metric record is: `live` a running period's changed value, `final` the figure at a
 * period's reporting cut-off (the one that becomes `firstReported`), `revision` a closed period's
 * new value after a late event, correction or retraction.
 */
export const METRIC_FIGURE_KINDS = ['live', 'final', 'revision'] as const;
export type MetricFigureKind = (typeof METRIC_FIGURE_KINDS)[number];
