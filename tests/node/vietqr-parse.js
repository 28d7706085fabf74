// Parses VietQR strings with the independent npm package vietnam-qr-pay (installed by `scripts/setup.sh test` into
// .motcua/node). Input: one EMV string a line on stdin. Output: one JSON object a line, what the package read, plus
// `theirs`: the string the package itself builds from the same BIN, account, amount and purpose.
const path = require('path');
const { QRPay } = require(path.join(__dirname, '..', '..', '.motcua', 'node', 'node_modules', 'vietnam-qr-pay'));
const input = require('fs').readFileSync(0, 'utf8').split('\n').filter(l => l.length > 0);
for (const line of input) {
  const qr = new QRPay(line);
  const read = {
    isValid: qr.isValid,
    provider: qr.provider && qr.provider.name,
    bin: qr.consumer && qr.consumer.bankBin,
    account: qr.consumer && qr.consumer.bankNumber,
    amount: qr.amount,
    purpose: qr.additionalData && qr.additionalData.purpose,
    crc: qr.crc,
  };
  read.theirs = QRPay.initVietQR({ bankBin: read.bin, bankNumber: read.account, amount: read.amount, purpose: read.purpose }).build();
  console.log(JSON.stringify(read));
}
