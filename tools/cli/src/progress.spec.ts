import { PassThrough } from 'node:stream';
import { createProgress } from './progress';

function output() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d) => (text += d));
  return { stream, text: () => text };
}

describe('progress without a terminal (CI logs)', () => {
  it('writes a plain line at each quarter of the upload, never a bar', () => {
    const out = output();
    const progress = createProgress(out.stream, false);
    for (let sent = 0; sent <= 4096; sent += 256) progress.uploading(sent, 4096);
    progress.stop();
    expect(out.text()).toBe(
      [
        'uploaded 0% (0 B of 4.0 KB)',
        'uploaded 25% (1.0 KB of 4.0 KB)',
        'uploaded 50% (2.0 KB of 4.0 KB)',
        'uploaded 75% (3.0 KB of 4.0 KB)',
        'uploaded 100% (4.0 KB of 4.0 KB)',
        '',
      ].join('\n'),
    );
  });

  it('follows a long import with a line at most every few seconds, and always the last', () => {
    const out = output();
    const progress = createProgress(out.stream, false);
    progress.accepted('i1');
    progress.running({ importId: 'i1', tenant: 't', format: 'ssda903', state: 'running', rowsRead: 1200, eventsPublished: 0 });
    progress.running({ importId: 'i1', tenant: 't', format: 'ssda903', state: 'done', rowsRead: 25943, eventsPublished: 14849 });
    expect(out.text()).toBe('the service is importing (import i1); following its progress\ndone: 25,943 rows read, 14,849 events published\n');
  });
});

describe('progress on a terminal', () => {
  it('draws a bar of the bytes sent, then the rows and events of the import', () => {
    const out = output();
    const progress = createProgress(Object.assign(out.stream, { isTTY: true, columns: 100 }), true);
    progress.uploading(512, 1024);
    progress.uploading(1024, 1024);
    progress.accepted('i1');
    progress.running({ importId: 'i1', tenant: 't', format: 'ssda903', state: 'running', rowsRead: 5000, eventsPublished: 12 });
    progress.stop();
    expect(out.text()).toContain('uploading');
    expect(out.text()).toContain('| 1.0 KB of 1.0 KB');
    expect(out.text()).toContain('importing  5,000 rows read | 12 events published');
  });
});
