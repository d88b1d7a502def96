import { leakCrawl } from './leak-crawl.suite.ts';

leakCrawl('postgres');
