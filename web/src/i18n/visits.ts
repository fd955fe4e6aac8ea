/** Strings of field visits: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "feature.visits": "Field visits",
  "visits.title": "Field visits",
  "nav.visits": "Field visits",
};

export const zhCN: Record<keyof typeof en, string> = {
  "feature.visits": "外勤签到",
  "visits.title": "外勤签到",
  "nav.visits": "外勤签到",
};
