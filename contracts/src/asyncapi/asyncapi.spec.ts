import { DiagnosticSeverity, fromFile, Parser, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertKey, caseEventKey, DLQ_HEADERS, metricKey, TOPIC_SPECS } from '../topics';
import { METRIC_CONTENT_TYPE, METRIC_FIGURE_KINDS, METRIC_HEADERS, METRIC_SCHEMA_VERSION } from '../topic-headers';

const ASYNCAPI_FILE = join(__dirname, '../../asyncapi.yaml');
const parser = new Parser();

type Json = Record<string, unknown>;

function refsLeft(node: unknown, path = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => refsLeft(item, `${path}/${i}`));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' ? [`${path}: ${String(value)}`] : refsLeft(value, `${path}/${key}`)));
}

function errorsOf(diagnostics: { severity: DiagnosticSeverity; code: string | number; message: string; path: (string | number)[] }[]) {
  return diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
}

describe('contracts/asyncapi.yaml', () => {
  let document: AsyncAPIDocumentInterface;

  beforeAll(async () => {
    const { document: parsed, diagnostics } = await fromFile(parser, ASYNCAPI_FILE).parse();
    expect(errorsOf(diagnostics)).toEqual([]);
    document = parsed!;
  });

  it('is a valid AsyncAPI 3.0 document whose $refs all resolve', () => {
    expect(document.version()).toBe('3.0.0');
    expect(refsLeft(document.json())).toEqual([]);
  });

  it('gives each message its payload schema from contracts/schemas', () => {
    const titles = Object.fromEntries(
      document
        .allMessages()
        .all()
        .map((m) => [m.id(), ((m.payload()?.json() as Json).schema as Json | undefined)?.title]),
    );
    expect(titles).toEqual({ caseEvent: 'CaseEvent', deadLetter: undefined, metricValue: 'MetricMessage', alert: 'AlertMessage', tenant: 'TenantRecord' });
    // case-event.json's per-type references resolved too: one schema per type, its type a const.
    const caseEvent = (document.allMessages().get('caseEvent')!.payload()!.json() as Json).schema as { anyOf: { properties: { type: { const: string } } }[] };
    expect(caseEvent.anyOf.length).toBeGreaterThanOrEqual(40);
    expect(caseEvent.anyOf.every((s) => typeof s.properties.type.const === 'string')).toBe(true);
  });

  it('describes the topics as TOPIC_SPECS creates them: partitions, cleanup policy, retention', () => {
    const described = document
      .channels()
      .all()
      .map((c) => {
        const kafka = c.bindings().get('kafka')!.value() as { partitions: number; topicConfiguration: Json };
        return { name: c.address(), partitions: kafka.partitions, configs: kafka.topicConfiguration };
      });
    const created = TOPIC_SPECS.map((s) => ({
      name: s.name,
      partitions: s.partitions,
      configs: {
        'cleanup.policy': s.configs['cleanup.policy'].split(','),
        ...(s.configs['retention.ms'] !== undefined && { 'retention.ms': Number(s.configs['retention.ms']) }),
      },
    }));
    expect(described).toEqual(created);
  });

  it('names the headers the services set', () => {
    const headers = (id: string) => document.allMessages().get(id)!.headers()!.json() as { required: string[]; properties: Record<string, Json> };
    const metric = headers('metricValue');
    expect(metric.required).toEqual(Object.values(METRIC_HEADERS));
    expect(metric.properties[METRIC_HEADERS.contentType].const).toBe(METRIC_CONTENT_TYPE);
    expect(metric.properties[METRIC_HEADERS.schema].const).toBe(METRIC_SCHEMA_VERSION);
    expect(metric.properties[METRIC_HEADERS.figure].enum).toEqual(METRIC_FIGURE_KINDS);
    expect(headers('deadLetter').required).toEqual(Object.values(DLQ_HEADERS));
  });

  it('gives key schemas that the keys the services build match', () => {
    const ajv = new Ajv({ strict: false });
    const keyOf = (id: string) => ajv.compile((document.allMessages().get(id)!.bindings().get('kafka')!.value() as { key: Json }).key);
    expect(keyOf('caseEvent')(caseEventKey('demo', 'C1029384'))).toBe(true);
    expect(keyOf('metricValue')(metricKey('demo', 'lac.children', 'team:T4', '2026-12'))).toBe(true);
    expect(keyOf('metricValue')(metricKey('demo', 'lac.children', 'worker:SW12', 'fy2026'))).toBe(true);
    expect(keyOf('metricValue')(metricKey('demo', 'lac.children', 'la', 'current'))).toBe(false);
    expect(keyOf('alert')(alertKey('demo', 'D-1'))).toBe(true);
    expect(keyOf('tenant')('demo')).toBe(true);
  });

  it('fails on a payload $ref that does not resolve (so the checks above mean something)', async () => {
    const broken = readFileSync(ASYNCAPI_FILE, 'utf8').replace('./schemas/alert-message.json', './schemas/no-such-file.json');
    const { diagnostics } = await parser.parse(broken, { source: ASYNCAPI_FILE });
    expect(errorsOf(diagnostics).join('\n')).toMatch(/invalid-ref at components\.messages\.alert\.payload/);
  });
});
