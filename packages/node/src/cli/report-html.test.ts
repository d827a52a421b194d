import { describe, expect, it } from 'vitest';
import type { ReportBody, ReportRecord } from '@creditchain/ledger';
import { escapeHtml, reportHtml, type ReportInput } from './report-html.js';

const record = (id: number, extra: Partial<ReportRecord> = {}): ReportRecord => ({
  id,
  version: 1,
  occurred: '2024-01-15',
  ended: '2024-03-01',
  amountBand: '10k-100k',
  source: 'bank-a',
  disputed: false,
  expires: '2029-03-01',
  details: null,
  tx: 'ab'.repeat(32),
  logIndex: id,
  ...extra,
});

const REPORT: ReportBody = {
  version: 1,
  subject: '5f'.repeat(32),
  height: 1234,
  time: '2025-06-01T08:00:00.000Z',
  date: '2025-06-01',
  score: {
    value: 612,
    model: 1,
    modelName: 'CreditChain standard v1',
    base: 700,
    min: 300,
    max: 900,
    lowered: [
      { code: 'N01', category: 'loan-overdue', text: 'Loan repayments were overdue', textZh: '贷款曾逾期还款', points: -80, records: 2 },
      { code: 'N06', category: 'tax-arrears', text: 'Taxes in arrears', textZh: '存在欠税', points: -33, records: 1 },
    ],
    raised: [{ code: 'P02', category: 'honour', text: 'Honours and commendations', textZh: '获得表彰荣誉', points: 25, records: 1 }],
  },
  summary: { negative: 3, positive: 1, disputed: 1 },
  categories: [
    { code: 'loan-overdue', name: 'Loan repayment overdue', nameZh: '贷款逾期', polarity: 'negative', records: [record(7), record(9, { version: 2, disputed: true, ended: null, expires: null, amountBand: 'none' })] },
    { code: 'tax-arrears', name: 'Tax arrears', nameZh: '欠税', polarity: 'negative', records: [record(11, { source: 'tax-bureau', amountBand: '>=100m' })] },
    { code: 'honour', name: 'Honour or commendation', nameZh: '表彰荣誉', polarity: 'positive', records: [record(12, { source: 'gov' })] },
  ],
};

const count = (text: string, part: string) => text.split(part).length - 1;

describe('escapeHtml', () => {
  it('escapes the five characters that matter and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('贷款逾期 ≥100m')).toBe('贷款逾期 ≥100m');
  });
});

describe('reportHtml', () => {
  const html = reportHtml(REPORT);

  it('is one self-contained page: inline CSS with print rules, no script, nothing to fetch', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/);
    expect(html).toContain('@page');
    for (const banned of ['<script', 'src=', 'href=', 'url(', '@import', 'http:', 'https:', '<link', '<iframe', '<img']) {
      expect(html.toLowerCase()).not.toContain(banned);
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i); // no event handler attributes
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('closes every table, row and section it opens', () => {
    for (const tag of ['table', 'tr', 'section', 'thead', 'tbody', 'dl', 'h2', 'h3']) {
      expect(count(html, `<${tag}>`) + count(html, `<${tag} `)).toBe(count(html, `</${tag}>`));
    }
  });

  it('labels in English with the Chinese beside', () => {
    for (const [en, zh] of [['Score', '信用分'], ['Credit report', '信用报告'], ['Subject reference', '主体标识'], ['Summary', '概要'], ['Source', '来源'], ['Expires', '失效日期']]) {
      expect(html).toContain(`${en} <span lang="zh-CN">${zh}</span>`);
    }
  });

  it('shows the subject, height, date, score, model and range', () => {
    expect(html).toContain('5f'.repeat(32));
    expect(html).toContain('<dd>1234</dd>');
    expect(html).toContain('<dd>2025-06-01</dd>');
    expect(html).toContain('<div class="value">612</div>');
    expect(html).toMatch(/CreditChain standard v1 \(version <span lang="zh-CN">版本<\/span> 1\)/);
    expect(html).toMatch(/300–900; base <span lang="zh-CN">基准分<\/span> 700/);
  });

  it('lists the reasons that lowered and raised the score, with code, texts, points and records', () => {
    expect(html).toContain('<tr><td class="mono">N01</td><td>Loan repayments were overdue<br><span lang="zh-CN">贷款曾逾期还款</span></td><td class="num">−80</td><td class="num">2</td></tr>');
    expect(html).toContain('<td class="mono">N06</td>');
    expect(html).toContain('<tr><td class="mono">P02</td><td>Honours and commendations<br><span lang="zh-CN">获得表彰荣誉</span></td><td class="num">+25</td><td class="num">1</td></tr>');
    expect(html.indexOf('What lowered it')).toBeLessThan(html.indexOf('N01'));
    expect(html.indexOf('What raised it')).toBeLessThan(html.indexOf('P02'));
    expect(html.indexOf('N06')).toBeLessThan(html.indexOf('What raised it'));
  });

  it('shows the summary', () => {
    expect(html).toMatch(/Negative records <span lang="zh-CN">负面记录<\/span><\/dt><dd>3<\/dd>/);
    expect(html).toMatch(/Positive records <span lang="zh-CN">正面记录<\/span><\/dt><dd>1<\/dd>/);
    expect(html).toMatch(/Disputed records <span lang="zh-CN">有异议记录<\/span><\/dt><dd>1<\/dd>/);
  });

  it('lists every record under its category, with polarity, in the report order', () => {
    const ids = REPORT.categories.flatMap((c) => c.records.map((r) => r.id));
    expect(count(html, '<tr data-record=')).toBe(ids.length);
    let at = 0;
    for (const id of ids) {
      const next = html.indexOf(`<tr data-record="${id}"><td class="num">${id}</td>`, at);
      expect(next).toBeGreaterThan(at);
      at = next;
    }
    expect(html).toMatch(/Loan repayment overdue <span lang="zh-CN">贷款逾期<\/span> <span class="badge negative">Negative <span lang="zh-CN">负面<\/span><\/span>/);
    expect(html).toMatch(/Honour or commendation <span lang="zh-CN">表彰荣誉<\/span> <span class="badge positive">Positive/);
    expect(html.indexOf('Tax arrears <span')).toBeLessThan(html.indexOf('data-record="11"'));
    expect(html.indexOf('data-record="11"')).toBeLessThan(html.indexOf('Honour or commendation <span'));
  });

  it('shows each record\'s fields, and a dispute clearly', () => {
    expect(html).toContain('<tr data-record="7"><td class="num">7</td><td class="num">1</td><td>2024-01-15</td><td>2024-03-01</td><td>10k-100k</td><td>bank-a</td><td>2029-03-01</td><td></td></tr>');
    expect(html).toContain('<tr data-record="9"><td class="num">9</td><td class="num">2</td><td>2024-01-15</td><td>Ongoing <span lang="zh-CN">持续中</span></td><td>None <span lang="zh-CN">无</span></td><td>bank-a</td><td>Not yet set <span lang="zh-CN">未定</span></td><td><span class="badge disputed">Disputed <span lang="zh-CN">有异议</span></span></td></tr>');
    expect(count(html, 'class="badge disputed"')).toBe(1);
    expect(html).toContain('<td>&gt;=100m</td>');
  });

  it('says there are no records when there are none', () => {
    const empty = reportHtml({ ...REPORT, categories: [], summary: { negative: 0, positive: 0, disputed: 0 }, score: { ...REPORT.score, lowered: [], raised: [] } });
    expect(empty).toContain('No published records count for this subject.');
    expect(count(empty, 'None <span lang="zh-CN">无</span>')).toBe(2);
    expect(empty).not.toContain('data-record');
  });

  it('escapes hostile strings everywhere', () => {
    const hostile = '<script>alert("x")</script>';
    const evil: ReportBody = {
      ...REPORT,
      subject: `"><script>1</script>`,
      score: { ...REPORT.score, modelName: hostile, lowered: [{ ...REPORT.score.lowered[0]!, code: '<b>', text: 'A & B', textZh: "'</td>'" }] },
      categories: [
        { code: 'x"y', name: hostile, nameZh: '</span><img src=x onerror=alert(1)>', polarity: 'negative', records: [record(1, { source: '<iframe>', occurred: '<i>', amountBand: '"' })] },
        { code: 'ok', name: 'fine', nameZh: '好', polarity: '<script>' as never, records: [record(2)] },
      ],
    };
    const page = reportHtml(evil, { verified: { signedBy: ['<node-a>'], checkpointHeight: 5 } });
    expect(page).not.toMatch(/<script|<img|<iframe|<b>|<i>/i);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).toContain('&lt;/span&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('A &amp; B');
    expect(page).toContain('&#39;&lt;/td&gt;&#39;');
    expect(page).toContain('&quot;&gt;&lt;script&gt;1&lt;/script&gt;');
    expect(page).toContain('&lt;node-a&gt;');
    expect(count(page, '<tr data-record=')).toBe(2);
    expect(count(page, '<tr')).toBe(count(page, '</tr>'));
  });

  it('survives a report file that is not what its type says', () => {
    expect(() => reportHtml({} as never)).not.toThrow();
    expect(() => reportHtml({ ...REPORT, categories: [{ code: 'a', records: null }] } as never)).not.toThrow();
    const odd = reportHtml({ ...REPORT, categories: [null, 3, { ...REPORT.categories[0]!, records: [null, record(5)] }], score: { ...REPORT.score, lowered: [null] } } as never);
    expect(count(odd, '<tr data-record=')).toBe(1);
  });

  describe('verification', () => {
    it('says how to verify a report that carries a proof', () => {
      const page = reportHtml({ ...REPORT, proof: { height: 1234 } });
      expect(page).toContain('This report carries a proof <span lang="zh-CN">本报告附有证明</span>');
      expect(page).toContain('<code class="mono">creditchain verify report.json</code>');
      expect(page).not.toContain('Verified <span');
    });

    it('says a report without a proof cannot be verified', () => {
      expect(html).toContain('Not verifiable <span lang="zh-CN">无法验证</span>');
      expect(html).not.toContain('This report carries a proof');
    });

    it('names the signers and the checkpoint once verified', () => {
      const page = reportHtml({ ...REPORT, proof: {} }, { verified: { signedBy: ['node-a', 'node-b'], checkpointHeight: 1240 } });
      expect(page).toContain('<strong>Verified <span lang="zh-CN">已验证</span></strong>');
      expect(page).toMatch(/height <span lang="zh-CN">[^<]*<\/span> 1240, signed by <span lang="zh-CN">签名方<\/span> node-a, node-b\./);
      expect(page).toContain('creditchain verify report.json');
    });

    it('takes a report file as the node sends it, showing its chain', () => {
      const file: ReportInput = { report: REPORT, proof: { height: 1 }, chainId: 'creditchain-test' };
      const page = reportHtml(file);
      expect(page).toContain('<dd class="mono">creditchain-test</dd>');
      expect(page).toContain('This report carries a proof');
      expect(count(page, '<tr data-record=')).toBe(4);
    });
  });
});
