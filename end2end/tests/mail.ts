import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

// What the test SMTP server received, read by scripts/read_mail.py.
export function mailbox(): any[] {
  const root = path.resolve(__dirname, '..', '..');
  const dir = path.join(root, 'target', 'e2e-mail');
  try {
    const out = execFileSync('python3', [path.join(root, 'scripts', 'read_mail.py'), dir], { encoding: 'utf8' });
    return JSON.parse(out);
  } catch {
    return [];
  }
}

// Waits for a message to `to` whose subject starts with `subject`.
export async function waitForMail(to: string, subject: string, timeoutMs = 20_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const found = mailbox().find((m) => String(m.to).includes(to) && String(m.subject).startsWith(subject));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no mail "${subject}" to ${to}`);
}
