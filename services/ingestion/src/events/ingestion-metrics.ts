import { Prometheus } from '@casewatch/service-kit';
import { Injectable } from '@nestjs/common';

@Injectable()
export class IngestionMetrics {
  readonly accepted;
  readonly rejected;
  readonly duplicates;
  readonly publishSeconds;

  constructor(prometheus: Prometheus) {
    this.accepted = prometheus.counter('casewatch_events_accepted_total', 'Events published to Kafka');
    this.rejected = prometheus.counter('casewatch_events_rejected_total', 'Events refused (invalid, forbidden or unknown tenant)');
    this.duplicates = prometheus.counter('casewatch_events_duplicate_total', 'Events already received before (source, id)');
    this.publishSeconds = prometheus.histogram(
      'casewatch_publish_duration_seconds',
      'Time from publish to Kafka acknowledgement (acks=all)',
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    );
  }
}
