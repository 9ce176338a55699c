import { nextPageHref, parseRunsListParams, previousPageHref, runsListHref, sortHref } from './runs-list-params';

describe('runs list URL state', () => {
  it('parses what it knows and falls back on anything else', () => {
    expect(parseRunsListParams({ q: '  digits ', status: 'RUNNING', kind: 'NOPE', sort: 'FORMAT_ACCURACY', dir: 'ASC' })).toEqual({
      q: 'digits',
      status: 'RUNNING',
      kind: null,
      dataset: null,
      sort: 'FORMAT_ACCURACY',
      dir: 'ASC',
      after: null,
      trail: [],
    });
    expect(parseRunsListParams({ sort: 'DROP TABLE', dir: 'sideways', status: ['FAILED', 'QUEUED'] })).toMatchObject({ sort: 'CREATED_AT', dir: 'DESC', status: 'FAILED' });
  });

  it('restarts paging when the filter or the order changes, and keeps the filter when paging', () => {
    const onPage3 = parseRunsListParams({ q: 'x', after: 'c2', trail: ',c1' });
    expect(runsListHref(onPage3, { status: 'FAILED' })).toBe('/runs?q=x&status=FAILED');
    expect(sortHref(onPage3, 'FORMAT_ACCURACY')).toBe('/runs?q=x&sort=FORMAT_ACCURACY&dir=DESC');
    expect(sortHref(parseRunsListParams({ sort: 'STATUS', dir: 'ASC' }), 'STATUS')).toBe('/runs?sort=STATUS&dir=DESC');
    expect(nextPageHref(onPage3, 'c3')).toBe('/runs?q=x&after=c3&trail=%2Cc1%2Cc2');
  });

  it('walks back page by page to the first page', () => {
    const page3 = parseRunsListParams({ after: 'c2', trail: ',c1' });
    const back = previousPageHref(page3)!;
    expect(back).toBe('/runs?after=c1&trail=');
    const page2 = parseRunsListParams(Object.fromEntries(new URL(back, 'http://x').searchParams));
    expect(previousPageHref(page2)).toBe('/runs');
    expect(previousPageHref(parseRunsListParams({}))).toBeNull();
  });
});
