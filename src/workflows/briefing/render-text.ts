/** The briefing as plain text, in the layout of the seed's sample (email text part, dashboard, CLI). */
import type { BriefingText } from './briefing-sections.ts';

export function renderBriefingText(b: BriefingText): string {
  const out: string[] = [b.greeting, ''];
  for (const s of b.sections) {
    out.push(`${s.emoji} ${s.title}`);
    if (s.items.length === 0) out.push(`• ${s.empty}`);
    s.items.forEach((item, i) => {
      out.push(`${s.numbered ? `${i + 1}.` : '•'} ${item.text}`);
      for (const d of item.details) out.push(`   – ${d}`);
    });
    out.push('');
  }
  out.push(b.closing);
  return out.join('\n');
}
