import { formatCents, parseMoney } from '@siuss/scalars/money';
import { fundArea } from '../domain/catalogue.ts';
import type { FundModule } from '../entities/FundModule.ts';

export const SiossFundModule = {
  amounts: (module: FundModule) =>
    module.amounts.map((row) => ({
      // An area dropped from the reference file after the module was filled still shows, by its code.
      area: fundArea(module.fund, row.areaCode) ?? { fund: module.fund, code: row.areaCode, label: row.areaCode, status: 'provisional', source: 'no longer in data/sioss-fund-areas.csv' },
      amount: row.amount,
    })),
  totalAmount: (module: FundModule) => formatCents(module.amounts.reduce((sum, row) => sum + parseMoney(row.amount), 0n)),
  totalBeneficiaries: (module: FundModule) => module.beneficiaries.reduce((sum, row) => sum + row.count, 0),
};
