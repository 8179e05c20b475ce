// Figures, printing and budget lines of the hard cases: layout shift while scrolling the
// thread (scenario shift1k) and "show more" at 10,000 comments, from one static file
// (more_f10k: no fetch, only rendering) and paginated (more_s10k: a page fetched per press).

/** Medians over runs of the layout-shift and "show more" scenarios. */
export function hardFigures(samples, { median, max, BUDGET }) {
  const shift = (samples.shift1k ?? []).map((r) => r.extra).filter(Boolean);
  const f = {
    layout_shift: shift.length
      ? {
          runs: shift.length,
          cls: median(shift.map((s) => s.cls)),
          cls_max: max(shift.map((s) => s.cls)),
          shifts: median(shift.map((s) => s.shifts)),
          steps: median(shift.map((s) => s.steps)),
          drift_px: median(shift.map((s) => s.drift)),
          max_drift_px: max(shift.map((s) => s.maxDrift)),
          more_button_jump_px: median(shift.map((s) => s.jump)),
          more_button_jump_max_px: max(shift.map((s) => s.jump)),
        }
      : null,
    show_more_file: moreFigures(samples.more_f10k, { median, max }),
    show_more_paged: moreFigures(samples.more_s10k, { median, max }),
  };
  if (f.layout_shift) f.layout_shift.pass = f.layout_shift.cls <= BUDGET.cls;
  for (const m of [f.show_more_file, f.show_more_paged]) if (m) m.pass = m.painted_last != null ? m.painted_last <= BUDGET.showMoreMs : null;
  return f;
}

function moreFigures(runs, { median, max }) {
  const presses = (runs ?? []).map((r) => r.extra).filter((x) => x?.length);
  if (!presses.length) return null;
  const at = (i, field) => median(presses.map((p) => p[i]?.[field]));
  const last = Math.min(...presses.map((p) => p.length)) - 1;
  return {
    runs: presses.length,
    presses: last + 1,
    dom_first: at(0, 'dom'),
    painted_first: at(0, 'painted'),
    dom_last: at(last, 'dom'),
    painted_last: at(last, 'painted'),
    painted_median: median(presses.map((p) => median(p.map((x) => x.painted)))),
    painted_max: max(presses.flatMap((p) => p.map((x) => x.painted))),
    threads_before_last: at(last, 'before'),
    threads_after_last: at(last, 'after'),
  };
}

/** Prints section 4c–4d of the report. */
export function printHard(f, { say, table, ms, verdict, BUDGET, clicks }) {
  const l = f.layout_shift;
  say('4c. LAYOUT SHIFT — scrolling the first 50 threads of 1,000 from the top, half a viewport per step');
  if (!l) say('   (no successful run)');
  else {
    say(table(
      ['figure', 'median', 'max'],
      [
        ['layout shift while scrolling (sum of layout-shift entries)', l.cls.toFixed(4), l.cls_max.toFixed(4)],
        ['  layout-shift entries', l.shifts, ''],
        ['content that moved by itself after a scroll step (px, all steps)', l.drift_px.toFixed(0), ''],
        ['  largest move after one step (px)', '', l.max_drift_px.toFixed(0)],
        ['"show more" button moved after being scrolled into view (px)', l.more_button_jump_px.toFixed(0), l.more_button_jump_max_px.toFixed(0)],
      ],
    ));
    say(`budget layout shift ≤ ${BUDGET.cls}: ${l.cls.toFixed(4)} ${verdict(l.pass)}  (${l.steps} steps; a moved button is what loses an automated click)`);
  }
  say();
  say(`4d. "SHOW MORE" AT 10,000 — ${clicks} presses per run (50 more threads each); t0 just before the click`);
  const rows = [];
  for (const [name, m] of [['one static file (no fetch)', f.show_more_file], ['paginated (a page fetched per press)', f.show_more_paged]]) {
    if (!m) {
      rows.push([name, '—', '—', '—', '—', '—']);
      continue;
    }
    rows.push([name, `${ms(m.dom_first)} / ${ms(m.painted_first)}`, `${ms(m.dom_last)} / ${ms(m.painted_last)}`, ms(m.painted_median), ms(m.painted_max), `${m.threads_before_last} → ${m.threads_after_last}`]);
  }
  say(table(['source', 'press 1: DOM / painted', `press ${f.show_more_file?.presses ?? clicks}: DOM / painted`, 'painted, median', 'max', 'threads at last press'], rows));
  say(`budget click → painted ≤ ${BUDGET.showMoreMs} ms (a "good" Interaction to Next Paint) at the last press: one file ${ms(f.show_more_file?.painted_last)} ${verdict(f.show_more_file?.pass)}, paginated ${ms(f.show_more_paged?.painted_last)} ${verdict(f.show_more_paged?.pass)}`);
  say();
}

/** The hard cases' lines in the BUDGETS table. */
export function hardBudgets(f, { ms, BUDGET }) {
  return [
    [`layout shift scrolling the thread ≤ ${BUDGET.cls}`, f?.layout_shift?.cls == null ? '—' : f.layout_shift.cls.toFixed(4), f?.layout_shift?.pass],
    [`show more at 10,000, one file: last press → painted ≤ ${BUDGET.showMoreMs} ms`, ms(f?.show_more_file?.painted_last), f?.show_more_file?.pass],
    [`show more at 10,000, paginated: last press → painted ≤ ${BUDGET.showMoreMs} ms`, ms(f?.show_more_paged?.painted_last), f?.show_more_paged?.pass],
  ];
}
