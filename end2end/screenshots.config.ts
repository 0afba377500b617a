import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The pictures linked from the README (scripts/screenshots.sh): the KPI page, the print view of
// form FRM-DINKOMINFO-020 and the first page of its PDF, on the office's sheets and survey answers.
const port = process.env.E2E_PORT ?? '3998';

export default defineConfig({
  ...base,
  testDir: './screenshots',
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}` },
  webServer: { ...(base.webServer as object), command: `sh ./start-server.sh ${port} --surveys`, url: `http://127.0.0.1:${port}/` },
});
