/** A self-signed certificate for 127.0.0.1 / localhost, the one the simulator's HTTPS servers present (tests trust it as a CA). */
import { generate } from 'selfsigned';

/** PEM texts of a fresh self-signed CA certificate for localhost and 127.0.0.1, and its private key. */
export async function localhostCertificate(): Promise<{ cert: string; private: string }> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { cert: pems.cert, private: pems.private };
}
