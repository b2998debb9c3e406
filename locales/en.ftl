# dustpan — English, the reference locale. Every sentence a user sees lives here.
# Other languages copy these keys.

dustpan-name = dustpan
