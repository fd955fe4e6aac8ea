import { Config } from "./config";

/** Transactional mails, in both languages (the reader may not have chosen one yet). */
export const MailTemplates = {
  verify(name: string, link: string) {
    return {
      subject: "验证您的邮箱 / Verify your email",
      text: `${name}，您好：\n请打开以下链接验证邮箱：\n${link}\n\nHello ${name},\nopen this link to verify your email:\n${link}\n`,
    };
  },
  reset(link: string) {
    return {
      subject: "重置密码 / Reset your password",
      text: `请打开以下链接重置密码（1 小时内有效）：\n${link}\n\nOpen this link to choose a new password (valid for 1 hour):\n${link}\n\nIf you did not ask for this, ignore this mail.\n`,
    };
  },
  invite(inviter: string, workspace: string, link: string) {
    return {
      subject: `${inviter} 邀请您加入 ${workspace} / ${inviter} invited you to ${workspace}`,
      text: `${inviter} 邀请您加入 ${workspace}。打开链接接受邀请：\n${link}\n\n${inviter} invited you to join ${workspace}. Accept here:\n${link}\n`,
    };
  },
  link(path: string, token: string) {
    return `${Config.appUrl()}${path}?token=${encodeURIComponent(token)}`;
  },
};
