export { assertFen, type Fen, formatYuan, isFen, sumFen, yuanDecimal } from './fen';
