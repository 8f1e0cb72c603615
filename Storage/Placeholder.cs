namespace Smgw.Storage; public static class Placeholder {}
