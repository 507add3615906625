// jstat ships no types; only the functions this library calls are declared.
declare module 'jstat' {
  interface Continuous {
    inv(p: number, ...params: number[]): number;
    cdf(x: number, ...params: number[]): number;
  }
  interface Discrete {
    cdf(k: number, ...params: number[]): number;
    pdf(k: number, ...params: number[]): number;
  }
  const jStat: {
    gamma: Continuous;
    normal: Continuous;
    studentt: Continuous;
    chisquare: Continuous;
    poisson: Discrete;
    binomial: Discrete;
    hypgeom: Discrete;
  };
  export default jStat;
}
