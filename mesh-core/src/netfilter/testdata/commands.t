// Chain and rule commands, -v output, counters and policies.
=== verbose commands
$ iptables -v -A INPUT -j ACCEPT
ACCEPT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  
$ iptables -v -A INPUT -s 10.0.0.1 -i eth0 -p tcp --dport 80 -j DROP
DROP  tcp opt -- in eth0 out *  10.0.0.1  -> 0.0.0.0/0   tcp dpt:80
$ iptables -v -I INPUT -d 127.0.0.1 -j ACCEPT
ACCEPT  all opt -- in * out *  0.0.0.0/0  -> 127.0.0.1  
$ iptables -v -C INPUT -j ACCEPT
ACCEPT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  
$ iptables -v -D INPUT -j ACCEPT
ACCEPT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  
$ iptables -v -R INPUT 1 -j ACCEPT
ACCEPT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  
$ iptables -v -N FOO
$ iptables -v -E FOO BAR
$ iptables -v -X BAR
Deleting chain `BAR'
$ iptables -v -Z
Zeroing chain `INPUT'
Zeroing chain `FORWARD'
Zeroing chain `OUTPUT'
$ iptables -v -P INPUT ACCEPT
$ iptables -v -D INPUT 1
$ iptables -L
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
DROP       tcp  --  10.0.0.1             anywhere             tcp dpt:http

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables -L -n
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
DROP       tcp  --  10.0.0.1             0.0.0.0/0            tcp dpt:80

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables -v -A INPUT -s 1.2.3.4/255.0.255.0 -j ACCEPT
ACCEPT  all opt -- in * out *  1.0.3.0/255.0.255.0  -> 0.0.0.0/0  
$ iptables -A INPUT -s 1.2.3.4,5.6.7.8 -d 9.9.9.9,8.8.8.8 -j ACCEPT
$ iptables -A INPUT -i eth0+x
$ iptables -v -A INPUT -s 1.2.3.4,5.6.7.8 -j ACCEPT
ACCEPT  all opt -- in * out *  1.2.3.4  -> 0.0.0.0/0  
ACCEPT  all opt -- in * out *  5.6.7.8  -> 0.0.0.0/0  
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -s 10.0.0.1/32 -i eth0 -p tcp -m tcp --dport 80 -j DROP
-A INPUT -s 1.0.3.0/255.0.255.0 -j ACCEPT
-A INPUT -s 1.2.3.4/32 -d 9.9.9.9/32 -j ACCEPT
-A INPUT -s 1.2.3.4/32 -d 8.8.8.8/32 -j ACCEPT
-A INPUT -s 5.6.7.8/32 -d 9.9.9.9/32 -j ACCEPT
-A INPUT -s 5.6.7.8/32 -d 8.8.8.8/32 -j ACCEPT
-A INPUT -i eth0+x
-A INPUT -s 1.2.3.4/32 -j ACCEPT
-A INPUT -s 5.6.7.8/32 -j ACCEPT
$ iptables -L
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
DROP       tcp  --  10.0.0.1             anywhere             tcp dpt:http
ACCEPT     all  --  1.0.3.0/255.0.255.0  anywhere            
ACCEPT     all  --  1.2.3.4              9.9.9.9             
ACCEPT     all  --  1.2.3.4              8.8.8.8             
ACCEPT     all  --  5.6.7.8              9.9.9.9             
ACCEPT     all  --  5.6.7.8              8.8.8.8             
           all  --  anywhere             anywhere            
ACCEPT     all  --  1.2.3.4              anywhere            
ACCEPT     all  --  5.6.7.8              anywhere            

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables -L -x
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
DROP       tcp  --  10.0.0.1             anywhere             tcp dpt:http
ACCEPT     all  --  1.0.3.0/255.0.255.0  anywhere            
ACCEPT     all  --  1.2.3.4              9.9.9.9             
ACCEPT     all  --  1.2.3.4              8.8.8.8             
ACCEPT     all  --  5.6.7.8              9.9.9.9             
ACCEPT     all  --  5.6.7.8              8.8.8.8             
           all  --  anywhere             anywhere            
ACCEPT     all  --  1.2.3.4              anywhere            
ACCEPT     all  --  5.6.7.8              anywhere            

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables -D INPUT -s 1.2.3.4,5.6.7.8 -d 9.9.9.9,8.8.8.8 -j ACCEPT
$ iptables -R INPUT 1 -s 1.2.3.4,5.6.7.8 -j ACCEPT
stderr: iptables v1.8.7 (legacy): Replacement rule does not specify a unique address
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT ! -s 1.2.3.4,5.6.7.8 -j ACCEPT
stderr: iptables v1.8.7 (legacy): ! not allowed with multiple source or destination IP addresses
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -s 10.0.0.1/32 -i eth0 -p tcp -m tcp --dport 80 -j DROP
-A INPUT -s 1.0.3.0/255.0.255.0 -j ACCEPT
-A INPUT -i eth0+x
-A INPUT -s 1.2.3.4/32 -j ACCEPT
-A INPUT -s 5.6.7.8/32 -j ACCEPT
$ iptables -N X
$ iptables -E X -bad
stderr: iptables v1.8.7 (legacy): -E requires old-chain-name and new-chain-name
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -E X !bad
stderr: iptables v1.8.7 (legacy): -E requires old-chain-name and new-chain-name
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -E X ACCEPT
stderr: iptables: File exists.
[exit 1]
$ iptables -E X abcdefghijklmnopqrstuvwxyz0123
$ iptables -E X INPUT
stderr: iptables: File exists.
[exit 1]
$ iptables -E X "a b"
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -E X Y
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -X
$ iptables -X INPUT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -L -Z
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
DROP       tcp  --  10.0.0.1             anywhere             tcp dpt:http
ACCEPT     all  --  1.0.3.0/255.0.255.0  anywhere            
           all  --  anywhere             anywhere            
ACCEPT     all  --  1.2.3.4              anywhere            
ACCEPT     all  --  5.6.7.8              anywhere            

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables -Z INPUT 1
$ iptables -Z INPUT 10
stderr: iptables: Index of counter too big.
[exit 1]
$ iptables -S -Z
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -s 10.0.0.1/32 -i eth0 -p tcp -m tcp --dport 80 -j DROP
-A INPUT -s 1.0.3.0/255.0.255.0 -j ACCEPT
-A INPUT -i eth0+x
-A INPUT -s 1.2.3.4/32 -j ACCEPT
-A INPUT -s 5.6.7.8/32 -j ACCEPT
$ iptables -Z -L INPUT
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
DROP       tcp  --  10.0.0.1             anywhere             tcp dpt:http
ACCEPT     all  --  1.0.3.0/255.0.255.0  anywhere            
           all  --  anywhere             anywhere            
ACCEPT     all  --  1.2.3.4              anywhere            
ACCEPT     all  --  5.6.7.8              anywhere            
$ iptables -t nat -P PREROUTING DROP
stderr: iptables v1.8.7 (legacy): 
stderr: The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.
stderr: 
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -j DROP
stderr: iptables v1.8.7 (legacy): 
stderr: The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.
stderr: 
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -w -j ACCEPT
$ iptables -w 5 -A INPUT -j ACCEPT
$ iptables -V
iptables v1.8.7 (legacy)
$ iptables --version
iptables v1.8.7 (legacy)
$ iptables -A INPUT -p tcp --dport 80 -j ACCEPT -c 1 2
$ iptables -A INPUT -c 1,2 -j ACCEPT
$ iptables -A INPUT -c x 2 -j ACCEPT
stderr: iptables v1.8.7 (legacy): -c packet counter not numeric
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -c 1 -j ACCEPT
stderr: iptables v1.8.7 (legacy): -c requires packet and byte counter
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -vS
-P INPUT ACCEPT -c 0 0
-P FORWARD ACCEPT -c 0 0
-P OUTPUT ACCEPT -c 0 0
-A INPUT -s 10.0.0.1/32 -i eth0 -p tcp -m tcp --dport 80 -c 0 0 -j DROP
-A INPUT -s 1.0.3.0/255.0.255.0 -c 0 0 -j ACCEPT
-A INPUT -i eth0+x -c 0 0
-A INPUT -s 1.2.3.4/32 -c 0 0 -j ACCEPT
-A INPUT -s 5.6.7.8/32 -c 0 0 -j ACCEPT
-A INPUT -c 0 0 -j ACCEPT
-A INPUT -c 0 0 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -c 1 2 -j ACCEPT
-A INPUT -c 1 2 -j ACCEPT
$ iptables -A INPUT ! -p all -j ACCEPT
stderr: iptables v1.8.7 (legacy): rule would never match protocol
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p ALL -j ACCEPT
$ iptables -A INPUT -p TCP -j ACCEPT
$ iptables -A INPUT -p icmp -j ACCEPT ! 
stderr: iptables v1.8.7 (legacy): nothing appropriate following !
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT ! -j ACCEPT
stderr: iptables v1.8.7 (legacy): cannot have ! before -j
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j ACCEPT extra
stderr: Bad argument `extra'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables --append INPUT --protocol tcp --destination-port 22 --jump ACCEPT
$ iptables --append INPUT --source 1.1.1.1 --src 1.1.1.2
stderr: iptables v1.8.7 (legacy): multiple -s flags not allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables --insert INPUT --in-interface lo --jump ACCEPT
$ iptables --app INPUT --jump ACCEPT
$ iptables --a INPUT --jump ACCEPT
$ iptables --list-rules INPUT
-P INPUT ACCEPT
-A INPUT -i lo -j ACCEPT
-A INPUT -s 10.0.0.1/32 -i eth0 -p tcp -m tcp --dport 80 -j DROP
-A INPUT -s 1.0.3.0/255.0.255.0 -j ACCEPT
-A INPUT -i eth0+x
-A INPUT -s 1.2.3.4/32 -j ACCEPT
-A INPUT -s 5.6.7.8/32 -j ACCEPT
-A INPUT -j ACCEPT
-A INPUT -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
-A INPUT -j ACCEPT
-A INPUT -j ACCEPT
-A INPUT -p tcp -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -j ACCEPT
-A INPUT -j ACCEPT
$ iptables --list INPUT --numeric --verbose --line-numbers --exact
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
num      pkts      bytes target     prot opt in     out     source               destination         
1           0        0 ACCEPT     all  --  lo     *       0.0.0.0/0            0.0.0.0/0           
2           0        0 DROP       tcp  --  eth0   *       10.0.0.1             0.0.0.0/0            tcp dpt:80
3           0        0 ACCEPT     all  --  *      *       1.0.3.0/255.0.255.0  0.0.0.0/0           
4           0        0            all  --  eth0+x *       0.0.0.0/0            0.0.0.0/0           
5           0        0 ACCEPT     all  --  *      *       1.2.3.4              0.0.0.0/0           
6           0        0 ACCEPT     all  --  *      *       5.6.7.8              0.0.0.0/0           
7           0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
8           0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
9           1        2 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:80
10          1        2 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
11          0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
12          0        0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0           
13          0        0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:22
14          0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
15          0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -A INPUT -m tcp -p tcp --dport 1
$ iptables -A INPUT -p tcp -m tcp --dport 1 -m tcp --sport 2
$ iptables -A INPUT -p tcp --dport 1 -m tcp --sport 2
$ iptables -A INPUT -p tcp --dp 5
$ iptables -A INPUT -p tcp --d 5
stderr: iptables v1.8.7 (legacy): unknown option "--d"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --destination 5.5.5.5
$ iptables -t nat -A OUTPUT -p icmp -d 10.0.0.5 -j DNAT --to 127.0.0.1
$ iptables -t nat -S
-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT
-A OUTPUT -d 10.0.0.5/32 -p icmp -j DNAT --to-destination 127.0.0.1
$ iptables -S INPUT 3
-A INPUT -s 1.0.3.0/255.0.255.0 -j ACCEPT
$ iptables -S INPUT 99
$ iptables -L INPUT 99
$ iptables -L INPUT 3 -v -n
    0     0 ACCEPT     all  --  *      *       1.0.3.0/255.0.255.0  0.0.0.0/0           
$ iptables -L NOPE 1
stderr: iptables: No chain/target/match by that name.
[exit 1]
=== policy counters and builtin jumps
$ iptables-restore -c <<EOF
*filter
:INPUT ACCEPT [10:1000]
:FORWARD ACCEPT [20:2000]
:OUTPUT ACCEPT [30:3000]
[1:100] -A INPUT -j ACCEPT
[2:200] -A INPUT -j ACCEPT
COMMIT
EOF
$ iptables -P INPUT ACCEPT
$ iptables -A OUTPUT -j ACCEPT
$ iptables -R INPUT 2 -j DROP
$ iptables -I INPUT -j ACCEPT
$ iptables -vxnL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       1      100 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -P FORWARD DROP -c 5 6
$ iptables -Z OUTPUT
$ iptables -vxnL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       1      100 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain FORWARD (policy DROP 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -A INPUT -j FORWARD
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -N U
$ iptables -A U -j INPUT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -j U
$ iptables -A INPUT -j U -c 3 4
$ iptables -vxnL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       1      100 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 U          all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       3        4 U          all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain FORWARD (policy DROP 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain U (2 references)
    pkts      bytes target     prot opt in     out     source               destination         
$ iptables -D INPUT -j U
$ iptables -vxnL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       1      100 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       3        4 U          all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain FORWARD (policy DROP 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain U (1 references)
    pkts      bytes target     prot opt in     out     source               destination         
$ iptables -D INPUT -g U
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -C INPUT -g U
stderr: iptables: No chain/target/match by that name.
[exit 1]
=== policy counters
$ iptables-restore -c <<EOF
*filter
:INPUT ACCEPT [10:1000]
:FORWARD ACCEPT [20:2000]
:OUTPUT ACCEPT [30:3000]
[1:100] -A INPUT -j ACCEPT
[2:200] -A INPUT -j ACCEPT
[3:300] -A OUTPUT -j ACCEPT
COMMIT
EOF
$ iptables -vxnL
Chain INPUT (policy ACCEPT 10 packets, 1000 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       1      100 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       2      200 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain FORWARD (policy ACCEPT 20 packets, 2000 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 30 packets, 3000 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       3      300 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -A OUTPUT -j ACCEPT
$ iptables -vxnL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       1      100 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       2      200 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       3      300 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -P INPUT ACCEPT
$ iptables -vxnL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       1      100 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       2      200 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       3      300 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -N X
$ iptables -vxnL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       1      100 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       2      200 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       3      300 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain X (0 references)
    pkts      bytes target     prot opt in     out     source               destination         
$ iptables -D OUTPUT 1
$ iptables -vxnL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       1      100 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       2      200 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain X (0 references)
    pkts      bytes target     prot opt in     out     source               destination         
=== check and delete messages
$ iptables -N U
$ iptables -C INPUT -j LOG
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -D INPUT -j LOG
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -C INPUT -j U
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -C NOPE -j LOG
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables -C NOPE -j U
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables -C NOPE -j ACCEPT
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables -C INPUT -p tcp -j REJECT
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -C INPUT
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables -C INPUT -j RETURN
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables -A INPUT -j LOG
$ iptables -C INPUT -j LOG --log-prefix x
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -C INPUT -j LOG
$ iptables -t nat -C POSTROUTING -j MASQUERADE
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -t nat -C NOPE -j MASQUERADE
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables -t raw -C PREROUTING -j CT --notrack
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -t raw -C PREROUTING -j NOTRACK
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -t raw -C PREROUTING -j TRACE
stderr: iptables: No chain/target/match by that name.
[exit 1]
=== help, version and address families
$ iptables -h
iptables v1.8.7 (legacy)

Usage: iptables -[ACD] chain rule-specification [options]
       iptables -I chain [rulenum] rule-specification [options]
       iptables -R chain rulenum rule-specification [options]
       iptables -D chain rulenum [options]
       iptables -[LS] [chain [rulenum]] [options]
       iptables -[FZ] [chain] [options]
       iptables -[NX] chain
       iptables -E old-chain-name new-chain-name
       iptables -P chain target [options]
       iptables -h (print this help information)

Commands:
Either long or short options are allowed.
  --append  -A chain		Append to chain
  --check   -C chain		Check for the existence of a rule
  --delete  -D chain		Delete matching rule from chain
  --delete  -D chain rulenum
				Delete rule rulenum (1 = first) from chain
  --insert  -I chain [rulenum]
				Insert in chain as rulenum (default 1=first)
  --replace -R chain rulenum
				Replace rule rulenum (1 = first) in chain
  --list    -L [chain [rulenum]]
				List the rules in a chain or all chains
  --list-rules -S [chain [rulenum]]
				Print the rules in a chain or all chains
  --flush   -F [chain]		Delete all rules in  chain or all chains
  --zero    -Z [chain [rulenum]]
				Zero counters in chain or all chains
  --new     -N chain		Create a new user-defined chain
  --delete-chain
            -X [chain]		Delete a user-defined chain
  --policy  -P chain target
				Change policy on chain to target
  --rename-chain
            -E old-chain new-chain
				Change chain name, (moving any references)

Options:
    --ipv4	-4		Nothing (line is ignored by ip6tables-restore)
    --ipv6	-6		Error (line is ignored by iptables-restore)
[!] --protocol	-p proto	protocol: by number or name, eg. `tcp'
[!] --source	-s address[/mask][...]
				source specification
[!] --destination -d address[/mask][...]
				destination specification
[!] --in-interface -i input name[+]
				network interface name ([+] for wildcard)
 --jump	-j target
				target for rule (may load target extension)
  --goto      -g chain
			       jump to chain with no return
  --match	-m match
				extended match (may load extension)
  --numeric	-n		numeric output of addresses and ports
[!] --out-interface -o output name[+]
				network interface name ([+] for wildcard)
  --table	-t table	table to manipulate (default: `filter')
  --verbose	-v		verbose mode
  --wait	-w [seconds]	maximum wait to acquire xtables lock before give up
  --line-numbers		print line numbers when listing
  --exact	-x		expand numbers (display exact values)
[!] --fragment	-f		match second or further fragments only
  --modprobe=<command>		try to insert modules using this command
  --set-counters -c PKTS BYTES	set the counter during insert/append
[!] --version	-V		print package version.
$ iptables -L --help
iptables v1.8.7 (legacy)

Usage: iptables -[ACD] chain rule-specification [options]
       iptables -I chain [rulenum] rule-specification [options]
       iptables -R chain rulenum rule-specification [options]
       iptables -D chain rulenum [options]
       iptables -[LS] [chain [rulenum]] [options]
       iptables -[FZ] [chain] [options]
       iptables -[NX] chain
       iptables -E old-chain-name new-chain-name
       iptables -P chain target [options]
       iptables -h (print this help information)

Commands:
Either long or short options are allowed.
  --append  -A chain		Append to chain
  --check   -C chain		Check for the existence of a rule
  --delete  -D chain		Delete matching rule from chain
  --delete  -D chain rulenum
				Delete rule rulenum (1 = first) from chain
  --insert  -I chain [rulenum]
				Insert in chain as rulenum (default 1=first)
  --replace -R chain rulenum
				Replace rule rulenum (1 = first) in chain
  --list    -L [chain [rulenum]]
				List the rules in a chain or all chains
  --list-rules -S [chain [rulenum]]
				Print the rules in a chain or all chains
  --flush   -F [chain]		Delete all rules in  chain or all chains
  --zero    -Z [chain [rulenum]]
				Zero counters in chain or all chains
  --new     -N chain		Create a new user-defined chain
  --delete-chain
            -X [chain]		Delete a user-defined chain
  --policy  -P chain target
				Change policy on chain to target
  --rename-chain
            -E old-chain new-chain
				Change chain name, (moving any references)

Options:
    --ipv4	-4		Nothing (line is ignored by ip6tables-restore)
    --ipv6	-6		Error (line is ignored by iptables-restore)
[!] --protocol	-p proto	protocol: by number or name, eg. `tcp'
[!] --source	-s address[/mask][...]
				source specification
[!] --destination -d address[/mask][...]
				destination specification
[!] --in-interface -i input name[+]
				network interface name ([+] for wildcard)
 --jump	-j target
				target for rule (may load target extension)
  --goto      -g chain
			       jump to chain with no return
  --match	-m match
				extended match (may load extension)
  --numeric	-n		numeric output of addresses and ports
[!] --out-interface -o output name[+]
				network interface name ([+] for wildcard)
  --table	-t table	table to manipulate (default: `filter')
  --verbose	-v		verbose mode
  --wait	-w [seconds]	maximum wait to acquire xtables lock before give up
  --line-numbers		print line numbers when listing
  --exact	-x		expand numbers (display exact values)
[!] --fragment	-f		match second or further fragments only
  --modprobe=<command>		try to insert modules using this command
  --set-counters -c PKTS BYTES	set the counter during insert/append
[!] --version	-V		print package version.
$ iptables -6 -L
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -4 -L INPUT
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables-restore -h
stderr: Usage: iptables-restore [-c] [-v] [-V] [-t] [-h] [-n] [-w secs] [-W usecs] [-T table] [-M command] [file]
stderr: 	   [ --counters ]
stderr: 	   [ --verbose ]
stderr: 	   [ --version]
stderr: 	   [ --test ]
stderr: 	   [ --help ]
stderr: 	   [ --noflush ]
stderr: 	   [ --wait=<seconds>
stderr: 	   [ --table=<TABLE> ]
stderr: 	   [ --modprobe=<command> ]
