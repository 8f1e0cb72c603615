namespace Smgw.Grains; public static class Placeholder {}
