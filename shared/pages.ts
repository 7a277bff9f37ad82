/** The dashboard's pages in nav order: route, title, and the digit of its shortcut (Alt+digit, CmdOrCtrl+digit in the menu). */
export const PAGES = [
  ['overview', 'Overview', '1'],
  ['cost', 'Cost & tokens', '2'],
  ['activity', 'Activity', '3'],
  ['response-times', 'Response times', '4'],
  ['models', 'Models', '5'],
  ['projects', 'Projects', '6'],
  ['sessions', 'Sessions', '7'],
  ['agents', 'Agents & tools', '8'],
  ['settings', 'Settings', '9'],
  ['health', 'Health', '0'],
] as const
