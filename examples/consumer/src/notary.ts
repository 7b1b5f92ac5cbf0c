// Dedit notarization: log in with the API key, keep the JWT, and log in again once when a call answers 401 (the
// token lives 10 h and Dedit documents no refresh endpoint).
import { type DeditClient, deditData } from './clients.js'

type Outcome<T> = { data?: T; error?: unknown; response: Response }

export interface Notarization {
  hash: string
  status: 'registered'
  /** The subscription that paid for it. */
  paymentId: string
  /** Milliseconds since the epoch. */
  creationDate: number
}

export class DeditNotary {
  private token: string | undefined
  /** How many times the service logged in (a second login means a token expired). */
  logins = 0

  constructor(
    private readonly client: DeditClient,
    private readonly apiKey: string,
  ) {}

  /** Registers the SHA-256 `hash` on Algorand, paid by the caller's subscription. */
  async notarize(hash: string, description: string): Promise<Notarization> {
    const subscription = await this.authorized('requestRegistration', (headers) =>
      this.client.POST('/api/v2/registration/', {
        params: { query: { subscription: true } },
        headers,
        body: {
          blockchainType: 'ALGORAND',
          custody: false,
          signed: false,
          status: 'not_registered',
          description,
          hash,
        },
      }),
    )
    const registration = await this.authorized('completeRegistration', (headers) =>
      this.client.POST('/api/v2/registration/{hash}/forfait', {
        params: { path: { hash } },
        headers,
        body: subscription,
      }),
    )
    return {
      hash: registration.hash,
      status: registration.status,
      paymentId: registration.paymentId,
      creationDate: registration.creationDate,
    }
  }

  private async login(): Promise<string> {
    const { token } = deditData(
      'login',
      await this.client.POST('/api/v2/auth/login', { body: { apiKey: this.apiKey } }),
    )
    this.logins += 1
    this.token = token
    return token
  }

  /** Sends with the current token; on a 401 with a cached token, logs in again and sends once more. */
  private async authorized<T>(
    operation: string,
    send: (headers: { authorization: string }) => Promise<Outcome<T>>,
  ): Promise<T> {
    const cached = this.token
    let outcome = await send({ authorization: `Bearer ${cached ?? (await this.login())}` })
    if (outcome.response.status === 401 && cached !== undefined) {
      outcome = await send({ authorization: `Bearer ${await this.login()}` })
    }
    return deditData(operation, outcome)
  }
}
