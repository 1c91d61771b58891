// What the kernel checks when iptables loads a table, and which tables a
// namespace has.
=== jump loops
$ iptables -N A
$ iptables -N B
$ iptables -N C
$ iptables -A A -j B
$ iptables -A B -j C
$ iptables -A C -j A
$ iptables -A INPUT -j A
stderr: iptables: Too many levels of symbolic links.
[exit 1]
$ iptables -A INPUT -p tcp -j A
stderr: iptables: Too many levels of symbolic links.
[exit 1]
$ iptables -F C
$ iptables -A INPUT -j A
$ iptables -A C -g A
stderr: iptables: Too many levels of symbolic links.
[exit 1]
$ iptables -D INPUT -j A
$ iptables -A C -g A
$ iptables -A INPUT -j ACCEPT
$ iptables -A INPUT -j A
$ iptables -I INPUT -j A
stderr: iptables: Too many levels of symbolic links.
[exit 1]
$ iptables -A B -j B
$ iptables -F
$ iptables -A C -j RETURN
$ iptables -A C -j A
$ iptables -A OUTPUT -j C
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-N A
-N B
-N C
-A OUTPUT -j C
-A C -j RETURN
-A C -j A
$ iptables -L -n
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
C          all  --  0.0.0.0/0            0.0.0.0/0           

Chain A (1 references)
target     prot opt source               destination         

Chain B (0 references)
target     prot opt source               destination         

Chain C (1 references)
target     prot opt source               destination         
RETURN     all  --  0.0.0.0/0            0.0.0.0/0           
A          all  --  0.0.0.0/0            0.0.0.0/0           
=== targets by table and hook
$ iptables -t nat -N DNATS
$ iptables -t nat -A DNATS -j DNAT --to-destination 10.0.0.1
$ iptables -t nat -A INPUT -j DNATS
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t nat -A OUTPUT -j DNATS
$ iptables -t nat -A PREROUTING -p tcp -j DNATS
$ iptables -t nat -A INPUT -j RETURN
$ iptables -t nat -A INPUT -j DNATS
$ iptables -t nat -A INPUT -j DNAT --to-destination 10.0.0.1
$ iptables -t nat -I INPUT -j DNAT --to-destination 10.0.0.1
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t nat -S
-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT
-N DNATS
-A PREROUTING -p tcp -j DNATS
-A INPUT -j RETURN
-A INPUT -j DNATS
-A INPUT -j DNAT --to-destination 10.0.0.1
-A OUTPUT -j DNATS
-A DNATS -j DNAT --to-destination 10.0.0.1
$ iptables -t nat -N SNATS
$ iptables -t nat -A SNATS -j SNAT --to-source 10.0.0.2
$ iptables -t nat -A INPUT -j SNATS
$ iptables -t nat -A POSTROUTING -j SNATS
$ iptables -t nat -A OUTPUT -j SNATS
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t nat -A PREROUTING -j REDIRECT
$ iptables -t mangle -A PREROUTING -j MARK --set-mark 1
$ iptables -t raw -A PREROUTING -j MARK --set-mark 1
$ iptables -t raw -A OUTPUT -j TRACE
$ iptables -t mangle -A OUTPUT -j TRACE
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t mangle -A FORWARD -j CONNMARK --save-mark
$ iptables -A FORWARD -j REJECT
$ iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset
$ iptables -A INPUT ! -p tcp -j REJECT --reject-with tcp-reset
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A FORWARD -m addrtype --dst-type LOCAL --limit-iface-in
$ iptables -A FORWARD -m addrtype --dst-type LOCAL --limit-iface-out
$ iptables -N LIM
$ iptables -A LIM -m addrtype --dst-type LOCAL --limit-iface-in
$ iptables -A OUTPUT -j LIM
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A FORWARD -j LIM
$ iptables -A INPUT -p udp -m tcp
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -p tcp -m udp
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -p icmp -m udp
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -p udp -m icmp
stderr: iptables v1.8.7 (legacy): icmp: option "--icmp-type" must be specified
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-N LIM
-A INPUT -p tcp -j REJECT --reject-with tcp-reset
-A FORWARD -j REJECT --reject-with icmp-port-unreachable
-A FORWARD -m addrtype --dst-type LOCAL --limit-iface-in
-A FORWARD -m addrtype --dst-type LOCAL --limit-iface-out
-A FORWARD -j LIM
-A LIM -m addrtype --dst-type LOCAL --limit-iface-in
=== jumps to built-in chains and renames
$ iptables -N X
$ iptables -A X -j INPUT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A X -g FORWARD
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -j X
$ iptables -A FORWARD -g X
$ iptables -E X Y
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-N Y
-A INPUT -j Y
-A FORWARD -g Y
$ iptables -L
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
Y          all  --  anywhere             anywhere            

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         
Y          all  --  anywhere             anywhere            [goto] 

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         

Chain Y (2 references)
target     prot opt source               destination         
$ iptables -E Y INPUT
stderr: iptables: File exists.
[exit 1]
$ iptables -E Y ACCEPT
stderr: iptables: File exists.
[exit 1]
$ iptables -E NOPE Z
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -X Y
stderr: iptables: Too many links.
[exit 1]
$ iptables -D INPUT -j Y
$ iptables -D FORWARD -g Y
$ iptables -X Y
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
=== tables load as tools touch them
$ iptables-save
$ iptables -t nat -L -n
Chain PREROUTING (policy ACCEPT)
target     prot opt source               destination         

Chain INPUT (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         

Chain POSTROUTING (policy ACCEPT)
target     prot opt source               destination         
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables -t mangle -F
$ iptables -t bogus -F
stderr: iptables v1.8.7 (legacy): can't initialize iptables table `bogus': Table does not exist (do you need to insmod?)
stderr: Perhaps iptables or your kernel needs to be upgraded.
[exit 3]
$ iptables -F
$ iptables -t raw -S
-P PREROUTING ACCEPT
-P OUTPUT ACCEPT
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-save -t nat
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
=== a fresh namespace saved by table
$ iptables-save -t mangle
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-save -c
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables -A OUTPUT -c 10 20 -j ACCEPT
$ iptables-save -c
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
[10:20] -A OUTPUT -j ACCEPT
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
