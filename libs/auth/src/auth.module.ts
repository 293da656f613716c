import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuthGuard } from './auth.guard';
import { TokenVerifier, type AuthSettings } from './token-verifier';

@Global()
@Module({})
export class AuthModule {
  static forRoot(settings: AuthSettings): DynamicModule {
    return {
      module: AuthModule,
      providers: [{ provide: TokenVerifier, useValue: new TokenVerifier(settings) }, AuthGuard],
      exports: [TokenVerifier, AuthGuard],
    };
  }
}
