// globalSetup runs outside jest's module mapper, so the @comity/* aliases are registered here.
import { register } from 'tsconfig-paths';
import { compilerOptions } from '../../tsconfig.json';

register({ baseUrl: `${__dirname}/../..`, paths: compilerOptions.paths });
