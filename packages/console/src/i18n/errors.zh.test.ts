import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@creditchain/core';
import { failureWords } from '../ui/errors.js';
import { errorSentenceZh, errorsZh, failureZh } from './errors.zh.js';

const HAN = /\p{Script=Han}/gu;

describe('the Chinese sentences of the error codes', () => {
  it('say every code of ERROR_CODES, and no code that does not exist', () => {
    const codes = Object.keys(ERROR_CODES);
    const said = Object.keys(errorsZh);
    expect(codes.filter((c) => !said.includes(c)), 'codes without a Chinese sentence').toEqual([]);
    expect(said.filter((c) => !codes.includes(c)), 'Chinese sentences of no code').toEqual([]);
  });

  it('are each a Chinese sentence, ended as one', () => {
    for (const [code, sentence] of Object.entries({ ...errorsZh, ...failureZh })) {
      if (code === 'original') continue;
      expect(sentence, code).toBe(sentence.trim());
      // Mostly Chinese: at least as many Han characters as Latin letters (names such as CBOR, ABCI stay as written).
      const han = sentence.match(HAN)?.length ?? 0;
      expect(han, code).toBeGreaterThanOrEqual(Math.max(4, (sentence.match(/[A-Za-z]/g)?.length ?? 0) / 2));
      expect(sentence, code).toMatch(/[。）]$/);
    }
  });

  it('fall back to a general sentence for a failure with no code, or with a code this console does not know', () => {
    expect(errorSentenceZh('KEY_BAD_PASSPHRASE')).toBe(errorsZh.KEY_BAD_PASSPHRASE);
    expect(errorSentenceZh(undefined)).toBe(failureZh.noCode);
    expect(errorSentenceZh('NO_SUCH_CODE')).toBe(failureZh.unknownCode);
    expect(errorSentenceZh('toString')).toBe(failureZh.unknownCode);
  });

  it('stand first in Chinese, the English sentence under them; English and the console’s own texts show as they are', () => {
    const refused = { message: 'The passphrase does not open this key file (or the file was changed).', code: 'KEY_BAD_PASSPHRASE' };
    expect(failureWords(refused, 'zh')).toEqual({ sentence: errorsZh.KEY_BAD_PASSPHRASE, detail: refused.message });
    expect(failureWords(refused, 'en')).toEqual({ sentence: refused.message });
    expect(failureWords({ message: 'Failed to fetch' }, 'zh')).toEqual({ sentence: failureZh.noCode, detail: 'Failed to fetch' });
    expect(failureWords({ message: '此密钥不是本链上账户 demo-court 的有效密钥。', ownText: true }, 'zh')).toEqual({ sentence: '此密钥不是本链上账户 demo-court 的有效密钥。' });
  });
});
