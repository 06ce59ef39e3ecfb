import { describe, expect, it } from 'vitest';
import { ruleWords, serviceWords } from './findings.ts';

describe('finding words', () => {
  it('names protocols instead of numbers and keeps the port only for TCP/UDP', () => {
    expect(serviceWords(6, 443).ja).toBe('TCP/443');
    expect(serviceWords(17, 53).en).toBe('UDP/53');
    expect(serviceWords(1, 8).ja).toBe('ICMP');
    expect(serviceWords(47).ja).toBe('プロトコル番号 47');
  });
  it('words an iptables rule as its chain and position, other rules by name', () => {
    expect(ruleWords({ id: 'FORWARD#9', chain: 'FORWARD' }).ja).toBe('FORWARD チェーン 9番目のルール');
    expect(ruleWords({ id: 'allow-web', chain: 'policy' }).ja).toBe('ルール「allow-web」');
  });
});
