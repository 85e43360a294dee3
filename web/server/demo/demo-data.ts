import type { Role } from '../../../models/staff';

/** The demo accounts of API.md: roles and cities as their names say (`gz` Guangzhou, `sz` Shenzhen). */
export const DEMO_STAFF: {
  username: string;
  displayName: { zh: string; en: string };
  roles: Role[];
  city: string | null;
  industries?: string[];
  products?: string[];
  teams?: string[];
  managerUsername?: string;
}[] = [
  {
    username: 'designer',
    displayName: { zh: '流程设计师', en: 'Process designer' },
    roles: ['process-designer'],
    city: null,
  },
  { username: 'admin', displayName: { zh: '系统管理员', en: 'Administrator' }, roles: ['admin'], city: null },
  {
    username: 'manager.prov',
    displayName: { zh: '省公司部门经理', en: 'Province manager' },
    roles: ['manager'],
    city: null,
  },
  {
    username: 'manager.gz',
    displayName: { zh: '广州部门经理', en: 'Guangzhou manager' },
    roles: ['manager'],
    city: 'gz',
    managerUsername: 'manager.prov',
  },
  {
    username: 'am.gz',
    displayName: { zh: '广州客户经理', en: 'Guangzhou account manager' },
    roles: ['account-manager'],
    city: 'gz',
    managerUsername: 'manager.gz',
  },
  {
    username: 'am.sz',
    displayName: { zh: '深圳客户经理', en: 'Shenzhen account manager' },
    roles: ['account-manager'],
    city: 'sz',
    managerUsername: 'manager.prov',
  },
  {
    username: 'im.gov',
    displayName: { zh: '政务行业经理', en: 'Government industry manager' },
    roles: ['industry-manager'],
    city: null,
    industries: ['government', 'transport'],
    managerUsername: 'manager.prov',
  },
  {
    username: 'im.edu',
    displayName: { zh: '教育行业经理', en: 'Education industry manager' },
    roles: ['industry-manager'],
    city: null,
    industries: ['education', 'healthcare'],
    managerUsername: 'manager.prov',
  },
  {
    username: 'pm.iot',
    displayName: { zh: '物联网产品经理', en: 'IoT product manager' },
    roles: ['product-manager'],
    city: null,
    products: ['iot', 'dedicated-line'],
    managerUsername: 'manager.prov',
  },
  {
    username: 'support.gz',
    displayName: { zh: '广州支撑工程师', en: 'Guangzhou support engineer' },
    roles: ['support-engineer'],
    city: 'gz',
    managerUsername: 'manager.gz',
  },
  {
    username: 'handler.gz',
    displayName: { zh: '广州投诉处理', en: 'Guangzhou complaint handler' },
    roles: ['complaint-handler'],
    city: 'gz',
    teams: ['complaint-team'],
    managerUsername: 'manager.gz',
  },
  {
    username: 'committee',
    displayName: { zh: '评审委员会', en: 'Review committee' },
    roles: ['review-committee'],
    city: null,
    managerUsername: 'manager.prov',
  },
];

/** Demo customers in several industries and cities; codes carry valid check characters. */
export const DEMO_CUSTOMERS = [
  {
    code17: '91440101MA59ABCD1',
    name: { zh: '广州地铁集团有限公司', en: 'Guangzhou Metro Group' },
    industry: 'transport',
    city: 'gz',
    accountManager: 'am.gz',
    keyCustomer: true,
    services: ['dedicated-line', 'iot'],
    people: [
      { name: '陈志明', title: '信息中心主任', careLevel: 'key-person', mobile: '13800000001' },
      { name: '李晓华', title: '采购联络人', careLevel: 'contact', mobile: '13800000002' },
      { name: '王建国', title: '副总经理', careLevel: 'management' },
    ],
  },
  {
    code17: '11440300MB2C3D4E5',
    name: { zh: '深圳市教育局', en: 'Shenzhen Education Bureau' },
    industry: 'education',
    city: 'sz',
    accountManager: 'am.sz',
    keyCustomer: true,
    services: ['cloud'],
    people: [
      { name: '张丽', title: '信息化处处长', careLevel: 'key-person' },
      { name: '刘洋', title: '项目联络人', careLevel: 'contact' },
    ],
  },
  {
    code17: '12440100MB1234567',
    name: { zh: '广州市第一人民医院', en: 'Guangzhou First People’s Hospital' },
    industry: 'healthcare',
    city: 'gz',
    accountManager: 'am.gz',
    keyCustomer: false,
    services: ['dedicated-line'],
    people: [{ name: '黄敏', title: '信息科科长', careLevel: 'contact' }],
  },
  {
    code17: '11440100MB7654321',
    name: { zh: '广州市政务服务数据管理局', en: 'Guangzhou Government Services and Data Administration' },
    industry: 'government',
    city: 'gz',
    accountManager: 'am.gz',
    keyCustomer: true,
    services: ['cloud', 'big-data'],
    people: [
      { name: '周强', title: '副局长', careLevel: 'management' },
      { name: '吴芳', title: '科员', careLevel: 'other' },
    ],
  },
];
