// Cucumber configuration. Run from features/:
//   SWITCHYARD_BIN=/work/main/build/switchyard npx cucumber-js            (every feature)
//   SWITCHYARD_BIN=... npx cucumber-js declines.feature                  (one file; `file:line` works too)
// Cucumber adds command-line paths to the configured ones, so the default glob is only used
// when no feature file is named on the command line.
const namedOnCommandLine = process.argv.slice(2).some((a) => /\.feature(:\d+)*$/.test(a));

module.exports = {
  default: {
    paths: namedOnCommandLine ? [] : ['*.feature'],
    require: ['support/world.js', 'support/hooks.js', 'support/browser.js', 'step_definitions/**/*.js'],
    format: ['./support/formatter.js'],
    formatOptions: { snippetInterface: 'async-await' },
    strict: true,
    parallel: 0,
  },
};
