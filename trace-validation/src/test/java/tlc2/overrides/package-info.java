/** TLC's fixed lookup point for Java overrides of TLA+ operators (see {@link tlc2.overrides.TLCOverrides}). */
package tlc2.overrides;
