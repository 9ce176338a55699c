import { Controller, Get } from '@nestjs/common';

/** The cheapest route through the same stack: the anchor the serving benchmark compares predictions to. */
@Controller('v1')
export class HelloController {
  @Get('hello')
  hello(): { message: string } {
    return { message: 'hello' };
  }
}
